import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Lock } from './lock.js';
import { realSleep } from './rate-limiter.js';

// Deletes the lock only when we still own it, so a holder whose lease expired cannot free someone else's.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A lease lock in Redis (`SET key token NX PX ttl`), so one OAuth refresh runs at a time per connection
 * across processes. Waiters poll every `retryMs`; the lease expires after `ttlMs` if its holder dies.
 */
export class RedisLock implements Lock {
  constructor(
    // One key per command and script, so a Redis Cluster serves it as well as one server.
    private readonly redis: Redis | Cluster,
    private readonly options: { keyPrefix?: string; ttlMs?: number; retryMs?: number; waitMs?: number } = {},
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const redisKey = `${this.options.keyPrefix ?? 'bizosaas:lock:'}${key}`;
    const token = randomUUID();
    const ttlMs = this.options.ttlMs ?? 30_000;
    const deadline = Date.now() + (this.options.waitMs ?? ttlMs * 2);
    while ((await this.redis.set(redisKey, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${key}`);
      await realSleep(this.options.retryMs ?? 50);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_SCRIPT, 1, redisKey, token);
    }
  }
}
