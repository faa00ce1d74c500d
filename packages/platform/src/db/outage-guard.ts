import { ServiceUnavailableError, type SqlClient } from '@bizosaas/domain';
import type { Database } from './database.js';

/** SQLSTATE classes and codes that mean "the server is not there right now", not "this statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /the database system is (starting up|shutting down)/i];

/** Whether a driver error says the database cannot be reached (as opposed to a bad statement or a bug). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Logs the start and the end of an outage, once each, however many requests fail in between. */
export class OutageLog {
  private down = false;

  constructor(
    private readonly dependency: string,
    private readonly logger: { error(object: object, message: string): void; info(object: object, message: string): void },
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.error({ dependency: this.dependency, err: { message: error instanceof Error ? error.message : String(error) } }, `${this.dependency} unavailable: answering SERVICE_UNAVAILABLE until it returns`);
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ dependency: this.dependency }, `${this.dependency} is back`);
  }
}

/**
 * The database as requests see it during an outage: a driver error that means "unreachable" becomes a
 * ServiceUnavailableError (SERVICE_UNAVAILABLE, 503 with Retry-After at the edge) and is logged once per
 * outage; the pool reconnects by itself, so the first success ends the outage without a restart.
 */
export function guardDatabaseOutages(db: Database, outage: OutageLog): Database {
  const guard = <T>(work: () => Promise<T>): Promise<T> =>
    work().then(
      (value) => {
        outage.succeeded();
        return value;
      },
      (error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
        outage.failed(error);
        throw new ServiceUnavailableError('postgresql');
      },
    );
  return {
    kind: db.kind,
    ...(db.url !== undefined ? { url: db.url } : {}),
    query: <TRow extends Record<string, unknown>>(text: string, params?: readonly unknown[]) => guard(() => db.query<TRow>(text, params)),
    transaction: <T>(work: (tx: SqlClient) => Promise<T>) => guard(() => db.transaction(work)),
    close: () => db.close(),
    ...(db.listen ? { listen: db.listen } : {}),
  };
}
