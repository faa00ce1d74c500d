import pg from 'pg';
import type { DLogger } from '@dbos-inc/dbos-sdk';

/** How often a process that waits for another's DBOS migration asks for the lock again. */
const LOCK_POLL_MS = 100;

/**
 * Creates or migrates DBOS's system tables in `schema`. DBOS's own migration runner does not serialize two
 * processes starting at once on a fresh database, so this holds a session-level advisory lock around it, on a
 * connection of its own that stays outside any transaction. DBOS builds indexes CONCURRENTLY, which waits
 * for every statement that holds a snapshot, a `pg_advisory_lock` blocked on the lock included: a waiter
 * that blocked would deadlock with the holder (undetected: a lock wait against a virtualxid wait). So the
 * waiter polls `pg_try_advisory_lock`, each try a short statement.
 * DBOS's public `DBOS.migrate` logs to the console ("Running DBOS system database migrations..." on stdout at
 * every fresh schema); its migration function behind it takes a logger, so the lines go to ours instead. That
 * function is internal to the package, which is why packages/platform pins @dbos-inc/dbos-sdk exactly.
 */
export async function migrateDbosSchema(systemDatabaseUrl: string, schema: string, logger: DLogger): Promise<void> {
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
    // Loaded here, not at the top: a process that never launches DBOS does not load it (see dbos-sdk.ts).
    const [{ migrateSystemDatabase }, { GlobalLogger }] = await Promise.all([import('@dbos-inc/dbos-sdk/internal/system_database'), import('@dbos-inc/dbos-sdk/internal/telemetry/logs')]);
    await migrateSystemDatabase(systemDatabaseUrl, new GlobalLogger(undefined, { logger }), schema);
  } finally {
    await client.end();
  }
}
