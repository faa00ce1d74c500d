import type { ProviderProfile } from './provider-profile.js';

export type RateLimitConfig = ProviderProfile['rateLimit'];

/** A per-connection budget: `take` resolves when the caller may send one request. */
export interface RateLimiter {
  take(key: string, profile: RateLimitConfig): Promise<void>;
}

export interface ClockOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket per key, in this process. Each `take` reserves a token immediately (the balance may go
 * negative) and waits until that token has been refilled, so concurrent callers queue fairly without
 * polling.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ClockOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  async take(key: string, config: RateLimitConfig): Promise<void> {
    const waitMs = this.reserve(key, config);
    if (waitMs > 0) await this.sleep(waitMs);
  }

  /** Reserves one token; returns how long the caller must wait for it (0 when one was available). */
  reserve(key: string, config: RateLimitConfig): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: config.capacity, updatedAt: now };
    const refilled = Math.min(config.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * config.refillPerSecond);
    bucket.tokens = refilled - 1;
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens / config.refillPerSecond) * 1000);
  }
}
