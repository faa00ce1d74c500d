import type { SqlClient, SqlMigration } from '@bizosaas/domain';
import { migrate, openDatabase, type Database } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';

/** The engines the platform runs on; connector storage is tested on both. */
export type TestEngine = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly sql: SqlClient;
  /** Applies connector migrations the way the platform does at start-up. */
  migrate(migrations: readonly SqlMigration[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The platform's own Database for connector tests: in-memory PGlite, or a fresh schema on the local
 * PostgreSQL server (dropped on close).
 */
export async function createTestDatabase(engine: TestEngine = 'pglite'): Promise<TestDatabase> {
  const schema = engine === 'postgres' ? `conn_${randomBytes(6).toString('hex')}` : undefined;
  const db: Database = await openDatabase(schema ? { url: TEST_DATABASE_URL, schema } : {});
  return {
    sql: db,
    migrate: async (migrations) => {
      await migrate(db, [{ name: 'connector-under-test', migrations }]);
    },
    close: async () => {
      if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}
