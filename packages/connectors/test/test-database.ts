import type { SqlClient, SqlMigration } from '@bizosaas/domain';
import { migrate, openDatabase, type Database } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The servers the platform runs on (embedded under DATA_DIR, or external); connector storage is tested on both. */
export type TestEngine = 'embedded' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly sql: SqlClient;
  /** Applies connector migrations the way the platform does at start-up. */
  migrate(migrations: readonly SqlMigration[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The platform's own Database for connector tests: a fresh schema (dropped on close) on the embedded
 * PostgreSQL the integration run started, or on the local PostgreSQL server.
 */
export async function createTestDatabase(engine: TestEngine = 'embedded'): Promise<TestDatabase> {
  const schema = `conn_${randomBytes(6).toString('hex')}`;
  const url = engine === 'embedded' ? inject('embeddedDatabaseUrl') : TEST_DATABASE_URL;
  const db: Database = await openDatabase({ url, schema });
  return {
    sql: db,
    migrate: async (migrations) => {
      await migrate(db, [{ name: 'connector-under-test', migrations }]);
    },
    close: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}
