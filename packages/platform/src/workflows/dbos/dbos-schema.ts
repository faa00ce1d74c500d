import { DBOS } from '@dbos-inc/dbos-sdk';
import pg from 'pg';

/**
 * Creates or migrates DBOS's system tables in `schema`. DBOS's own migration runner does not serialize two
 * processes starting at once on a fresh database, so this holds a session-level advisory lock around it, on a
 * connection of its own that stays outside any transaction: DBOS builds indexes CONCURRENTLY, which waits for
 * every open transaction (a transaction-scoped lock would wait for itself).
 */
export async function migrateDbosSchema(systemDatabaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: systemDatabaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('bizosaas.dbos-migrate:' || $1::text))`, [schema]);
    await DBOS.migrate(systemDatabaseUrl, { schemaName: schema });
  } finally {
    await client.end();
  }
}
