import { createHash } from 'node:crypto';

/**
 * At most `limit` calls in flight: Mailchimp refuses an 11th simultaneous connection per key with 429,
 * so the adapter queues instead of being refused. In-process (one connection's calls share it).
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

const perKey = new Map<string, ConcurrencyLimit>();

/**
 * The one limit of a Mailchimp key in this process, shared by every connection using it (Mailchimp counts
 * simultaneous connections per key). Keyed by a hash: the key itself is never held as a map key.
 */
export function concurrencyLimitForKey(secret: string, limit: number): ConcurrencyLimit {
  const id = createHash('sha256').update(secret).digest('hex');
  let shared = perKey.get(id);
  if (shared === undefined) {
    shared = new ConcurrencyLimit(limit);
    perKey.set(id, shared);
  }
  return shared;
}
