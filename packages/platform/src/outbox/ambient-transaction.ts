import type { SqlClient } from '@bizosaas/domain';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lets a unit of work's transaction reach code that only holds the plain database client: the sandbox
 * connectors get `sql` (not a transaction) when their adapter is built, and must still write inside the
 * outbox's transaction. Each instance has its own storage, so two platforms in one process never share
 * a transaction.
 *
 * A unit opens its transaction at its first query, not at its start: a change that only calls an external
 * provider holds no pooled connection (and no open transaction) while it waits on the network.
 */
export class AmbientTransactions {
  private readonly storage = new AsyncLocalStorage<LazyTransaction>();

  constructor(private readonly db: SqlClient) {}

  /**
   * A client that runs on the unit of work in progress (when the caller is inside `run`) and on the
   * database otherwise. Give it to whatever should join units of work.
   */
  readonly client: SqlClient = {
    query: (text, params) => {
      const unit = this.storage.getStore();
      return unit ? unit.open().then((tx) => tx.query(text, params)) : this.db.query(text, params);
    },
    transaction: (work) => {
      const unit = this.storage.getStore();
      return unit ? unit.open().then((tx) => tx.transaction(work)) : this.db.transaction(work);
    },
  };

  /**
   * Runs `work` as one unit: `client` joins it, and `unit.open()` gives its transaction (opening it if no
   * query has yet). Committed when `work` resolves, rolled back when it throws (the error is rethrown).
   * Inside another unit it joins that one.
   */
  async run<T>(work: (unit: { open(): Promise<SqlClient> }) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    const unit = new LazyTransaction(this.db);
    let value: T;
    try {
      value = await this.storage.run(unit, () => work(unit));
    } catch (error) {
      await unit.rollback(error);
      throw error;
    }
    await unit.commit();
    return value;
  }
}

/** A transaction begun on first use, held open until `commit` or `rollback`. */
class LazyTransaction {
  private tx: Promise<SqlClient> | undefined;
  private finished: Promise<void> | undefined;
  private settle: { resolve(): void; reject(error: unknown): void } | undefined;

  constructor(private readonly db: SqlClient) {}

  open(): Promise<SqlClient> {
    this.tx ??= new Promise<SqlClient>((resolveTx, rejectTx) => {
      // SqlClient only offers callback transactions: the callback hands out its client and then waits for
      // this unit to settle, which commits (resolve) or rolls back (reject).
      this.finished = this.db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            this.settle = { resolve, reject };
            resolveTx(tx);
          }),
      );
      this.finished.catch(rejectTx); // BEGIN failed: no client was handed out
    });
    return this.tx;
  }

  async commit(): Promise<void> {
    if (!this.tx) return;
    await this.tx;
    this.settle?.resolve();
    await this.finished;
  }

  async rollback(error: unknown): Promise<void> {
    if (!this.tx) return;
    try {
      await this.tx;
    } catch {
      return; // never began
    }
    this.settle?.reject(error);
    await this.finished?.catch(() => {});
  }
}
