import type { SqlClient } from '@bizosaas/domain';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lets a unit of work's transaction reach code that only holds the plain database client: the sandbox
 * connectors get `sql` (not a transaction) when their adapter is built, and must still write inside the
 * outbox's transaction. Each instance has its own storage, so two platforms in one process never share
 * a transaction.
 */
export class AmbientTransactions {
  private readonly storage = new AsyncLocalStorage<SqlClient>();

  constructor(private readonly db: SqlClient) {}

  /**
   * A client that runs on the unit of work in progress (when the caller is inside `run`) and on the
   * database otherwise. Give it to whatever should join units of work.
   */
  readonly client: SqlClient = {
    query: (text, params) => (this.storage.getStore() ?? this.db).query(text, params),
    transaction: (work) => (this.storage.getStore() ?? this.db).transaction(work),
  };

  /** Runs `work` in one transaction that `client` joins; inside another unit it joins that one. */
  run<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    return this.db.transaction((tx) => this.storage.run(tx, () => work(tx)));
  }
}
