import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from '@bizosaas/domain';
import type { Database } from './database.js';

type PgliteQueryable = Pick<Transaction, 'query' | 'exec'>;

/** Opens an embedded PGlite, on disk under `${dataDir}/pglite` or in memory. */
export async function openPgliteDatabase(options: { dataDir?: string; schema?: string }): Promise<Database> {
  let engine: PGlite;
  if (options.dataDir !== undefined) {
    const dir = join(options.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    engine = await PGlite.create(dir);
  } else {
    engine = await PGlite.create();
  }
  // PGlite is one session, so setting search_path once covers every later query and transaction.
  if (options.schema !== undefined) {
    await engine.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
  }
  const client = pgliteClient(engine, (work) => engine.transaction((tx) => work(pgliteClient(tx, null))));
  let closed = false;
  return {
    kind: 'pglite',
    query: client.query,
    transaction: client.transaction,
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
}

/**
 * Wraps a PGlite engine or transaction. `begin` is null inside a transaction: nested calls then run
 * inline (PGlite is one session; a second `transaction` would wait on its own lock forever).
 */
function pgliteClient(
  target: PgliteQueryable,
  begin: (<T>(work: (tx: SqlClient) => Promise<T>) => Promise<T>) | null,
): SqlClient {
  const self: SqlClient = {
    async query<TRow extends Record<string, unknown>>(text: string, params?: readonly unknown[]) {
      if (params === undefined || params.length === 0) {
        // Simple protocol, like node-postgres without parameters: several statements allowed.
        const results = await target.exec(text);
        const last = results[results.length - 1];
        const rows: TRow[] = [];
        if (last !== undefined) {
          for (const row of last.rows) rows.push(toRow<TRow>(row));
        }
        return { rows, rowCount: Math.max(last?.affectedRows ?? 0, rows.length) };
      }
      const result = await target.query<TRow>(text, [...params]);
      // PGlite reports affectedRows only for writes; a SELECT's count is its rows.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      return begin === null ? work(self) : begin(work);
    },
  };
  return self;
}

// exec() is not generic; its rows are plain objects keyed by column, the same shape query() types as TRow.
function toRow<TRow>(row: unknown): TRow {
  return row as TRow;
}
