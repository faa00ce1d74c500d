import type { AbuseStore, TokenBucket, WindowCount } from './abuse-store.js';

interface Window {
  count: number;
  resetAt: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the bucket is full again, so forgetting it changes nothing. */
  fullAt: number;
}

/**
 * Abuse counters in this process, for a single gateway without REDIS_URL. Entries expire, and the maps are
 * bounded (`maxEntries` each, oldest forgotten first) so a flood of distinct addresses cannot exhaust memory.
 */
export class InMemoryAbuseStore implements AbuseStore {
  private readonly windows = new Map<string, Window>();
  private readonly buckets = new Map<string, Bucket>();
  /** Member -> expiry, per set; sets are keyed by authenticated key ids, so they need no bound of their own. */
  private readonly sets = new Map<string, Map<string, number>>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: { now?: () => number; maxEntries?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.delete(key);
      this.windows.set(key, window);
      this.bound(this.windows, (w) => w.resetAt <= now);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  async peek(key: string): Promise<WindowCount> {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return { count: 0, resetMs: 0 };
    return { count: window.count, resetMs: window.resetAt - now };
  }

  async take(key: string, bucket: TokenBucket): Promise<number> {
    const now = this.now();
    const known = this.buckets.get(key);
    const state = known ?? { tokens: bucket.capacity, updatedAt: now, fullAt: now };
    state.tokens = Math.min(bucket.capacity, state.tokens + ((now - state.updatedAt) / 1000) * bucket.refillPerSecond);
    state.updatedAt = now;
    if (state.tokens < 1) return Math.ceil(((1 - state.tokens) / bucket.refillPerSecond) * 1000);
    state.tokens -= 1;
    state.fullAt = now + ((bucket.capacity - state.tokens) / bucket.refillPerSecond) * 1000;
    if (!known) {
      this.buckets.set(key, state);
      this.bound(this.buckets, (b) => b.fullAt <= now);
    }
    return 0;
  }

  async claim(key: string, member: string, cap: number, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const set = this.sets.get(key) ?? new Map<string, number>();
    for (const [known, expiresAt] of set) if (expiresAt <= now) set.delete(known);
    if (!set.has(member) && set.size >= cap) return false;
    set.set(member, now + ttlMs);
    this.sets.set(key, set);
    return true;
  }

  async refresh(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    const set = this.sets.get(key);
    const expiresAt = this.now() + ttlMs;
    for (const member of members) if (set?.has(member)) set.set(member, expiresAt);
  }

  async release(key: string, member: string): Promise<void> {
    const set = this.sets.get(key);
    set?.delete(member);
    if (set?.size === 0) this.sets.delete(key);
  }

  /** Drops expired entries once the map is over its bound, then the oldest ones if it still is. */
  private bound<T>(map: Map<string, T>, expired: (entry: T) => boolean): void {
    if (map.size <= this.maxEntries) return;
    for (const [key, entry] of map) if (expired(entry)) map.delete(key);
    for (const key of map.keys()) {
      if (map.size <= this.maxEntries) break;
      map.delete(key);
    }
  }
}
