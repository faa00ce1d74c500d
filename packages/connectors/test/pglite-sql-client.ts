import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlMigration } from '@bizosaas/domain';

/**
 * A minimal SqlClient over an in-memory PGlite, for connector tests only. The platform's Database (being
 * written in packages/platform) is the real one; swap this for it once it lands.
 */
export interface TestDatabase {
  readonly sql: SqlClient;
  /** Applies migrations in order (multi-statement SQL, hence `exec`). */
  migrate(migrations: readonly SqlMigration[]): Promise<void>;
  close(): Promise<void>;
}

type Queryable = Pick<PGlite, 'query'> | Pick<Transaction, 'query'>;

function clientOver(db: Queryable, transaction: SqlClient['transaction']): SqlClient {
  return {
    async query<TRow extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<TRow>(text, [...params]);
      // pg reports a SELECT's row count as rowCount; PGlite only counts affected rows.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    transaction,
  };
}

/** Starts an in-memory PGlite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create();
  const sql: SqlClient = clientOver(db, (work) =>
    db.transaction(async (tx) => {
      // Nested transaction calls run in the same transaction (the SqlClient contract).
      const inner: SqlClient = clientOver(tx, (nested) => nested(inner));
      return work(inner);
    }),
  );
  return {
    sql,
    async migrate(migrations) {
      for (const migration of migrations) await db.exec(migration.sql);
    },
    close: () => db.close(),
  };
}
