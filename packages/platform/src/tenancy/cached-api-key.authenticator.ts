import { createHash } from 'node:crypto';
import type { ApiKeyPrincipal } from './api-key.repository.js';
import { LruTtlCache } from '../cache/lru-ttl.cache.js';

/** What the cache reads through: the key repository (structurally), so tests can pass a fake. */
export interface ApiKeyAuthSource {
  authenticate(presentedKey: string): Promise<ApiKeyPrincipal | null>;
  revokedSince(since: Date | null): Promise<{ keyIds: readonly string[]; now: Date }>;
  /** Revocations made in this process, announced at once. */
  onRevoked?(listener: (keyId: string) => void): () => void;
}

export interface CachedApiKeyAuthenticatorOptions {
  /** Keys kept in memory (default 10,000). */
  readonly maxEntries?: number;
  /** A cached key is re-checked against the database at least this often (default 30 s). */
  readonly ttlMs?: number;
  /** How often revocations are polled (default 1 s): the longest a revoked key keeps working anywhere. */
  readonly pollMs?: number;
  /** Without a successful poll for this long the cache is bypassed, so a lost feed never hides a revocation. */
  readonly staleAfterMs?: number;
  readonly now?: () => number;
  readonly onPollError?: (error: unknown) => void;
}

// A revocation committed a little after its revoked_at (now() is the transaction's start) is still seen.
const REVOCATION_OVERLAP_MS = 10_000;

/**
 * API-key authentication without a database round trip per request. Valid keys are cached by the SHA-256
 * of the presented key (never the key itself) in a bounded LRU with a TTL. Revocation reaches every
 * process through the database: each process polls `revokedSince` and evicts revoked key ids, so a revoked
 * key stops working everywhere within `pollMs`, whatever bus is configured. Unknown or wrong keys are not
 * cached (the abuse guard throttles their senders). A lookup that raced a revocation is not cached.
 */
export class CachedApiKeyAuthenticator {
  private readonly cache: LruTtlCache<string, ApiKeyPrincipal>;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly staleAfterMs: number;
  private since: Date | null = null;
  private lastPollOk = Number.NEGATIVE_INFINITY;
  private evictions = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly source: ApiKeyAuthSource,
    private readonly options: CachedApiKeyAuthenticatorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 1_000;
    this.staleAfterMs = options.staleAfterMs ?? Math.max(5 * this.pollMs, 5_000);
    this.cache = new LruTtlCache({ maxEntries: options.maxEntries ?? 10_000, ttlMs: options.ttlMs ?? 30_000, now: this.now });
  }

  /** Polls once (so the cache is usable), then every `pollMs` in the background. */
  async start(): Promise<void> {
    this.stopListening = this.source.onRevoked?.((keyId) => this.evict(keyId));
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening?.();
    await this.polling;
    this.cache.clear();
  }

  /** Same contract as the repository's `authenticate`: the principal, or null for any bad key. */
  async authenticate(presentedKey: string): Promise<ApiKeyPrincipal | null> {
    const fresh = this.now() - this.lastPollOk < this.staleAfterMs;
    const digest = createHash('sha256').update(presentedKey).digest('base64url');
    if (fresh) {
      const cached = this.cache.get(digest);
      if (cached !== undefined) return cached;
    }
    const evictionsBefore = this.evictions;
    const principal = await this.source.authenticate(presentedKey);
    if (principal !== null && fresh && this.evictions === evictionsBefore) this.cache.set(digest, principal);
    return principal;
  }

  /** Drops a key at once (this process revoked it); other processes see it at their next poll. */
  evict(keyId: string): void {
    this.evictions += 1;
    this.cache.deleteWhere((p) => p.keyId === keyId);
  }

  /** Cached keys; for metrics and tests. */
  get size(): number {
    return this.cache.size;
  }

  /** One revocation poll; concurrent calls share it. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    try {
      const { keyIds, now } = await this.source.revokedSince(this.since);
      for (const keyId of keyIds) this.evict(keyId);
      this.since = new Date(now.getTime() - REVOCATION_OVERLAP_MS);
      this.lastPollOk = this.now();
    } catch (error) {
      this.options.onPollError?.(error);
    }
  }
}
