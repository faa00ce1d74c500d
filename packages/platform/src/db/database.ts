import type { SqlClient } from '@bizosaas/domain';
import { openPgliteDatabase } from './pglite.database.js';
import { openPostgresDatabase } from './postgres.database.js';

/**
 * The platform database: PostgreSQL's dialect on an embedded PGlite or a PostgreSQL server.
 *
 * Conventions both engines honour (so callers never branch on `kind`):
 * - `query(text)` without parameters runs through the simple protocol and may hold several statements
 *   (migrations rely on this); with parameters it is exactly one statement.
 * - jsonb parameters are passed as JSON text (`JSON.stringify(value)`); jsonb columns read back as JS values.
 * - timestamptz columns read back as `Date`; text[] as `string[]`.
 * - Avoid reading int8/numeric (`count(*)`): the engines return different JS types; cast to int.
 */
export interface Database extends SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** Closes the pool or the embedded engine. Calling it twice is harmless. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without it the embedded PGlite is used. */
  readonly url?: string;
  /** PGlite persists under `${dataDir}/pglite`; without it (and without `url`) it lives in memory. */
  readonly dataDir?: string;
  /** Created when missing and used as the only schema on `search_path`. */
  readonly schema?: string;
  /** Errors of idle pooled connections (PostgreSQL only); without a handler they would crash the process. */
  readonly onPoolError?: (error: Error) => void;
}

/**
 * Opens the platform database.
 * Returns a ready `Database`. Raises `Error` for an invalid schema name, and the driver's error when the
 * server cannot be reached or the data directory cannot be opened.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  if (options.url !== undefined) {
    return openPostgresDatabase({ url: options.url, schema: options.schema, onPoolError: options.onPoolError });
  }
  return openPgliteDatabase({ dataDir: options.dataDir, schema: options.schema });
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
