/** Mutual exclusion per key: one OAuth refresh at a time per connection. */
export interface Lock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * In-process lock: callers with the same key run one after another, in arrival order. Enough for a
 * single process; use `RedisLock` when several processes share connections.
 */
export class InProcessLock implements Lock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      // Forget the key once nobody queued behind us, so the map does not grow with every connection.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
