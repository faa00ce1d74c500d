import pg from 'pg';
import type { SqlClient } from '@bizosaas/domain';
import type { Database } from './database.js';
import { listenOnPostgres } from './pg-listener.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * How long a pooled connection may sit idle before it is closed. An idle process polls (outbox relay, API-key
 * revocations) on one connection; when two polls happen to overlap, a second one opens, and with node-postgres's
 * 10 s default it would stay open (a PostgreSQL backend, ~12-17 MB RSS) for most of the time. Under load the
 * connections are busy and never idle this long.
 */
const POOL_IDLE_MS = 1_000;

/** Opens a node-postgres pool. `schema` must already have passed `assertSchemaName`. */
export async function openPostgresDatabase(options: {
  url: string;
  schema?: string | undefined;
  onPoolError?: ((error: Error) => void) | undefined;
}): Promise<Database> {
  const connection: pg.ClientConfig = {
    connectionString: options.url,
    // Set at connection start-up, so every pooled connection (and every transaction) uses the schema.
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
  };
  const pool = new pg.Pool({ ...connection, idleTimeoutMillis: POOL_IDLE_MS });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, that kills the process.
  // The pool discards the connection itself; the next query surfaces any real outage.
  pool.on('error', (error) => options.onPoolError?.(error));
  try {
    if (options.schema !== undefined) await createSchema(pool, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    kind: 'postgres',
    url: options.url,
    query: (text, params) => runQuery(pool, text, params),
    listen: (channel, handlers) => listenOnPostgres(connection, channel, handlers),
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client has no error listener of the pool's: a server that goes away between two
      // statements of the transaction would otherwise be an uncaught exception. The next statement fails
      // with the driver's error; release(broken) then discards the connection.
      const onError = (error: Error) => {
        broken = error;
      };
      connection.on('error', onError);
      try {
        await connection.query('BEGIN');
        const result = await work(transactionClient(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable; release(error) destroys it instead of returning it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        connection.removeListener('error', onError);
        connection.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await endPool(pool);
    },
  };
}

async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two processes starting at once can both pass IF NOT EXISTS; the loser sees a unique violation.
    if (!(error instanceof Error && 'code' in error && (error.code === '23505' || error.code === '42P06'))) throw error;
  }
}

function transactionClient(connection: Queryable): SqlClient {
  const self: SqlClient = {
    query: (text, params) => runQuery(connection, text, params),
    // Nested transactions run inline in the caller's transaction (SqlClient contract).
    transaction: (work) => work(self),
  };
  return self;
}

async function runQuery<TRow extends Record<string, unknown>>(
  target: Queryable,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<{ rows: TRow[]; rowCount: number }> {
  // Without parameters node-postgres uses the simple protocol and returns one result per statement.
  const result: pg.QueryResult<TRow> | pg.QueryResult<TRow>[] = await target.query<TRow>(
    text,
    params === undefined ? undefined : [...params],
  );
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (last === undefined) return { rows: [], rowCount: 0 };
  return { rows: last.rows, rowCount: last.rowCount ?? last.rows.length };
}

/** How long `close` waits for the pool's connections to finish closing. */
const CLOSE_WAIT_MS = 2_000;

/**
 * `pool.end()` resolves once the pool has let go of its clients, not once their connections are closed. A
 * server stopped right after (the embedded one, on close) would then terminate live connections, and each
 * would report "terminating connection due to administrator command" as an error during a clean shutdown.
 * So this also waits (a bounded time) until every client reports that its connection ended.
 */
async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  let timer: NodeJS.Timeout | undefined;
  const closedAll = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    pool.on('remove', () => {
      removed += 1;
      if (removed >= open) resolve();
    });
    timer = setTimeout(resolve, CLOSE_WAIT_MS);
  });
  await pool.end();
  await closedAll;
  clearTimeout(timer);
}

