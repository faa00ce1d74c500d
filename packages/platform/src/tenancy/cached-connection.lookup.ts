import type { PortName } from '@bizosaas/domain';
import { z } from 'zod';
import { LruTtlCache } from '../cache/lru-ttl.cache.js';
import type { NotificationHandlers, NotificationSubscription } from '../db/pg-listener.js';
import type { ConnectionRecord } from './connection.repository.js';
import { CONNECTION_CHANGES_CHANNEL } from './connection-changes.migrations.js';

/** What the cache reads through: the repository (structurally), so tests can pass a fake. */
export interface ConnectionLookupSource {
  getActive(tenantId: string, port: PortName): Promise<ConnectionRecord | null>;
}

/** Where change notifications come from: `Database.listen`. */
export type ConnectionChangeFeed = (channel: string, handlers: NotificationHandlers) => NotificationSubscription;

export interface CachedConnectionLookupOptions {
  /** The schema the connections table lives in: notifications of other schemas are ignored. */
  readonly schema: string;
  /** Lookups kept (default 10,000); a lookup is one tenant and port. */
  readonly maxEntries?: number;
  /** A safety net for a notification lost without the connection noticing (default 5 min). */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Told when a working notification connection is lost (not again for each failed reconnect). */
  readonly onFeedLost?: (error: Error) => void;
}

const changePayload = z.object({ schema: z.string(), tenantId: z.string(), port: z.string() });

/**
 * The active-connection lookup every subgraph request makes, from memory. Entries are dropped when a
 * connection changes: at once for writes of this process (`invalidate`), and for any write anywhere
 * through PostgreSQL LISTEN/NOTIFY (a trigger announces every change of `connections` when it commits).
 * Bounded (LRU) and with a TTL as a safety net. While the notification connection is down the cache is
 * bypassed, and it starts empty when it is back, so a change made meanwhile is never missed.
 */
export class CachedConnectionLookup {
  private readonly cache: LruTtlCache<string, Promise<ConnectionRecord | null>>;
  private subscription: NotificationSubscription | undefined;
  private live = false;

  constructor(
    private readonly source: ConnectionLookupSource,
    private readonly feed: ConnectionChangeFeed | undefined,
    private readonly options: CachedConnectionLookupOptions,
  ) {
    this.cache = new LruTtlCache({ maxEntries: options.maxEntries ?? 10_000, ttlMs: options.ttlMs ?? 300_000, ...(options.now ? { now: options.now } : {}) });
  }

  /** Starts listening; until the first notification connection is up, lookups go to the database. */
  start(): void {
    if (!this.feed || this.subscription) return;
    this.subscription = this.feed(CONNECTION_CHANGES_CHANNEL, {
      onNotification: (payload) => this.onNotification(payload),
      onLive: () => {
        this.cache.clear();
        this.live = true;
      },
      onLost: (error) => {
        const wasLive = this.live;
        this.live = false;
        this.cache.clear();
        // Once per loss, not once per failed reconnect.
        if (wasLive) this.options.onFeedLost?.(error);
      },
    });
  }

  async close(): Promise<void> {
    this.live = false;
    this.cache.clear();
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Same contract as `ConnectionRepository.getActive`: the live connection of the tenant's port, or null. */
  getActive(tenantId: string, port: PortName): Promise<ConnectionRecord | null> {
    if (!this.live) return this.source.getActive(tenantId, port);
    const key = cacheKey(tenantId, port);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    // The read itself is cached, so concurrent misses share it, and an invalidation that arrives while it
    // runs removes it: the next caller reads again instead of getting what was read before the change.
    const read = this.source.getActive(tenantId, port);
    this.cache.set(key, read);
    read.catch(() => {
      if (this.cache.get(key) === read) this.cache.delete(key);
    });
    return read;
  }

  /** Drops the lookup of a tenant's port, or of all its ports. */
  invalidate(tenantId: string, port?: PortName): void {
    if (port !== undefined) this.cache.delete(cacheKey(tenantId, port));
    else this.cache.deleteKeysWhere((key) => key.startsWith(`${tenantId}\u0000`));
  }

  /** Whether lookups are served from memory right now (the notification connection is up). */
  get caching(): boolean {
    return this.live;
  }

  get size(): number {
    return this.cache.size;
  }

  private onNotification(payload: string): void {
    let change: z.infer<typeof changePayload>;
    try {
      change = changePayload.parse(JSON.parse(payload));
    } catch {
      // Not ours to understand: drop everything rather than risk a stale entry.
      this.cache.clear();
      return;
    }
    if (change.schema !== this.options.schema) return;
    this.cache.delete(`${change.tenantId}\u0000${change.port}`);
  }
}

function cacheKey(tenantId: string, port: PortName): string {
  return `${tenantId}\u0000${port}`;
}
