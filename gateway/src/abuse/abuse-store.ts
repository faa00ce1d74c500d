/** A fixed window's state: hits counted so far and the ms until the window closes (0 when none is open). */
export interface WindowCount {
  readonly count: number;
  readonly resetMs: number;
}

/** A token bucket: up to `capacity` requests at once, refilled at `refillPerSecond`. */
export interface TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/**
 * The counters abuse limits need, kept in this process or shared by every gateway process (Redis, see
 * packages/platform's RedisAbuseStore). Each call is atomic per key, so concurrent requests cannot all slip
 * under a limit. Calls may reject when a shared store is unreachable; callers decide how to degrade.
 */
export interface AbuseStore {
  /** Counts one hit in the window at `key`; a window opens at its first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The window at `key` without counting. */
  peek(key: string): Promise<WindowCount>;
  /** Takes one token when there is one and returns 0; otherwise takes nothing and returns the ms until one is due. */
  take(key: string, bucket: TokenBucket): Promise<number>;
  /**
   * Claims a place for `member` in the set at `key`, which holds at most `cap` live members; returns false
   * when it is full. A member lives `ttlMs` unless refreshed, so the places of a crashed process come free.
   */
  claim(key: string, member: string, cap: number, ttlMs: number): Promise<boolean>;
  /** Keeps the given members of the set alive for another `ttlMs`. */
  refresh(key: string, members: readonly string[], ttlMs: number): Promise<void>;
  /** Frees `member`'s place. */
  release(key: string, member: string): Promise<void>;
}
