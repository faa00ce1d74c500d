/** Options of an {@link LruTtlCache}. */
export interface LruTtlCacheOptions {
  /** Most entries kept; the least recently used one goes first. Bounds memory whatever the traffic. */
  readonly maxEntries: number;
  /** Age after which an entry is no longer returned, so anything not evicted explicitly is re-read. */
  readonly ttlMs: number;
  /** Clock in milliseconds; tests pass a fake one. */
  readonly now?: () => number;
}

/**
 * A bounded least-recently-used map whose entries expire. Hot-path caches (API keys, connection
 * lookups) use it so a cache can neither grow without bound nor serve a value forever when an explicit
 * eviction was missed. A JavaScript `Map` keeps insertion order, so re-inserting on a hit keeps the
 * oldest entry first and eviction is O(1).
 */
export class LruTtlCache<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: LruTtlCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer (got ${options.maxEntries})`);
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive (got ${options.ttlMs})`);
    this.now = options.now ?? Date.now;
  }

  /** The value, or undefined when absent or expired (an expired entry is dropped). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops every entry whose value matches; returns how many went. */
  deleteWhere(predicate: (value: V) => boolean): number {
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (predicate(entry.value)) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Drops every entry whose key matches; returns how many went. */
  deleteKeysWhere(predicate: (key: K) => boolean): number {
    let dropped = 0;
    for (const key of [...this.entries.keys()]) {
      if (predicate(key)) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
