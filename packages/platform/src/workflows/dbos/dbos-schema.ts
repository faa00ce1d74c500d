import pg from 'pg';
import type { DbosSdk } from './dbos-sdk.js';

/** How often a process that waits for another's DBOS migration asks for the lock again. */
const LOCK_POLL_MS = 100;

/**
 * Creates or migrates DBOS's system tables in `schema`. DBOS's own migration runner does not serialize two
 * processes starting at once on a fresh database, so this holds a session-level advisory lock around it, on a
 * connection of its own that stays outside any transaction. DBOS builds indexes CONCURRENTLY, which waits
 * for every statement that holds a snapshot, a `pg_advisory_lock` blocked on the lock included: a waiter
 * that blocked would deadlock with the holder (undetected: a lock wait against a virtualxid wait). So the
 * waiter polls `pg_try_advisory_lock`, each try a short statement.
 */
export async function migrateDbosSchema({ DBOS }: DbosSdk, systemDatabaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: systemDatabaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const key = `bizosaas.dbos-migrate:${schema}`;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1::text)) AS locked`, [key]);
      if (rows[0]?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    await DBOS.migrate(systemDatabaseUrl, { schemaName: schema });
  } finally {
    await client.end();
  }
}
