import type { SqlClient } from '@bizosaas/domain';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres.server.js';
import type { NotificationHandlers, NotificationSubscription } from './pg-listener.js';
import { openPostgresDatabase } from './postgres.database.js';

/**
 * The platform database: a pool on a PostgreSQL server, the embedded one under DATA_DIR or an external one.
 *
 * Conventions (so callers never branch on `kind`):
 * - `query(text)` without parameters runs through the simple protocol and may hold several statements
 *   (migrations rely on this); with parameters it is exactly one statement.
 * - jsonb parameters are passed as JSON text (`JSON.stringify(value)`); jsonb columns read back as JS values.
 * - timestamptz columns read back as `Date`; text[] as `string[]`.
 * - int8/numeric read back as strings: cast `count(*)` to int.
 */
export interface Database extends SqlClient {
  /** `embedded`: this process started (or adopted) the server under DATA_DIR and stops it on close. */
  readonly kind: 'embedded' | 'postgres';
  /** The server's connection string, for libraries that open their own pool (DBOS); never log it. */
  readonly url?: string;
  /** Closes the pool, then stops the embedded server. Calling it twice is harmless. */
  close(): Promise<void>;
  /**
   * LISTENs on `channel` over a connection of its own, reconnecting when it is lost (see `listenOnPostgres`).
   * Absent on test doubles; callers then do without notifications.
   */
  listen?(channel: string, handlers: NotificationHandlers): NotificationSubscription;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without it the embedded PostgreSQL under `dataDir` is used. */
  readonly url?: string;
  /** The embedded server keeps its files under `${dataDir}/postgres`. Required without `url`. */
  readonly dataDir?: string;
  /** Created when missing and used as the only schema on `search_path`. */
  readonly schema?: string;
  /** Errors of idle pooled connections (PostgreSQL only); without a handler they would crash the process. */
  readonly onPoolError?: (error: Error) => void;
  /**
   * The embedded server for `dataDir`, already being started (`npm start` starts it before loading the rest
   * of the product, so initdb and module loading overlap). The database takes it over and stops it on close.
   */
  readonly embedded?: Promise<EmbeddedPostgres>;
}

/**
 * Opens the platform database.
 * Returns a ready `Database`. Raises `Error` for an invalid schema name, without both url and dataDir, or
 * when the embedded server cannot start; the driver's error when a server cannot be reached.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  if (options.url !== undefined) {
    return openPostgresDatabase({ url: options.url, schema: options.schema, onPoolError: options.onPoolError });
  }
  if (options.dataDir === undefined) throw new Error('openDatabase needs a url (external PostgreSQL) or a dataDir (embedded PostgreSQL)');
  const server = await (options.embedded ?? startEmbeddedPostgres({ dataDir: options.dataDir }));
  try {
    const db = await openPostgresDatabase({ url: server.url, schema: options.schema, onPoolError: options.onPoolError });
    return {
      kind: 'embedded',
      url: server.url,
      query: db.query,
      transaction: db.transaction,
      ...(db.listen ? { listen: db.listen } : {}),
      async close() {
        await db.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

// Lowercase only, so the unquoted name in `-c search_path=` means the same as the quoted one in SQL;
// `pg_` is reserved by PostgreSQL.
const SCHEMA_NAME = /^(?!pg_)[a-z_][a-z0-9_]{0,62}$/;

/** Raises `Error` unless `schema` is a plain lowercase identifier that is safe to splice into SQL. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid database schema name "${schema}": use 1-63 of a-z, 0-9 and _, not starting with a digit or pg_`);
  }
}
