import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { ApiKeyAuthenticator, Principal } from '../auth.js';
import { ABUSE_CODES, type AbuseLimits } from './abuse-limits.js';
import type { AbuseStore, WindowCount } from './abuse-store.js';

/** What the guard decided; a refusal carries the HTTP status, the code and a message safe to show. */
export type GuardOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: 401 | 429; readonly code: string; readonly message: string; readonly retryAfterSeconds?: number };

export interface AuthGuardOptions {
  readonly authenticate: ApiKeyAuthenticator;
  readonly store: AbuseStore;
  readonly limits: AbuseLimits;
  readonly logger: KitLogger;
  /** The public part of a presented key (`bzk_<prefix>_...`), or null when it has none; no prefix limit without it. */
  readonly keyPrefix?: (key: string) => string | null;
}

const NONE: WindowCount = { count: 0, resetMs: 0 };
const STORE_WARNING_INTERVAL_MS = 30_000;

/**
 * Authentication behind the abuse limits, the same for HTTP and WebSocket. An address over its failure
 * budget is refused before the key is looked up. A key prefix over its budget refuses only addresses that
 * have failed themselves, so someone who knows a victim's prefix cannot lock its owner out. A valid key
 * then spends one token of its request rate. When a shared store is unreachable the limits are skipped
 * (logged), so a Redis outage does not take the API down with it.
 */
export class AuthGuard {
  private lastStoreWarning = 0;

  constructor(private readonly options: AuthGuardOptions) {}

  /** Seconds until `address` may try again, 0 when it is not throttled. */
  async addressRetryAfter(address: string): Promise<number> {
    const window = await this.safely(() => this.options.store.peek(`fail:addr:${address}`), NONE);
    return window.count >= this.options.limits.authFailures.perAddress ? seconds(window.resetMs) : 0;
  }

  async authenticate(key: string | undefined, address: string): Promise<GuardOutcome> {
    const { store, limits } = this.options;
    if (!key) return { ok: false, status: 401, code: 'UNAUTHENTICATED', message: 'Missing API key: send "Authorization: Bearer <your API key>".' };
    const addressWindow = await this.safely(() => store.peek(`fail:addr:${address}`), NONE);
    if (addressWindow.count >= limits.authFailures.perAddress) return throttled('from your address', addressWindow.resetMs);
    const prefix = this.options.keyPrefix?.(key) ?? null;
    if (prefix !== null && addressWindow.count > 0) {
      const prefixWindow = await this.safely(() => store.peek(`fail:prefix:${prefix}`), NONE);
      if (prefixWindow.count >= limits.authFailures.perKeyPrefix) return throttled('for this API key', prefixWindow.resetMs);
    }
    const principal = await this.options.authenticate(key);
    if (!principal) return this.failed(address, prefix);
    return this.spend(principal);
  }

  /** Spends one request of the principal's rate (a request, a WebSocket connect or subscribe). */
  async spend(principal: Principal): Promise<GuardOutcome> {
    const { keyRate } = this.options.limits;
    const waitMs = await this.safely(() => this.options.store.take(`rate:${principal.userId}`, { capacity: keyRate.burst, refillPerSecond: keyRate.perSecond }), 0);
    if (waitMs === 0) return { ok: true, principal };
    const retryAfterSeconds = seconds(waitMs);
    const message = `Rate limit for this API key exceeded (${keyRate.perSecond} requests per second, bursts of ${keyRate.burst}); retry after ${retryAfterSeconds} s.`;
    return { ok: false, status: 429, code: ABUSE_CODES.rateLimited, message, retryAfterSeconds };
  }

  /** Counts the failure against the address and the prefix; the one that tips the address over answers 429. */
  private async failed(address: string, prefix: string | null): Promise<GuardOutcome> {
    const windowMs = this.options.limits.authFailures.windowSeconds * 1000;
    const [addressWindow] = await Promise.all([
      this.safely(() => this.options.store.hit(`fail:addr:${address}`, windowMs), NONE),
      prefix === null ? NONE : this.safely(() => this.options.store.hit(`fail:prefix:${prefix}`, windowMs), NONE),
    ]);
    const { perAddress, windowSeconds } = this.options.limits.authFailures;
    // Once per window, when the address reaches its budget: operators see who is guessing, never what.
    if (addressWindow.count === perAddress) this.options.logger.warn({ address, failures: perAddress, windowSeconds }, 'client address throttled after failed authentications');
    if (addressWindow.count > perAddress) return throttled('from your address', addressWindow.resetMs);
    return { ok: false, status: 401, code: 'UNAUTHENTICATED', message: 'Invalid or revoked API key.' };
  }

  private async safely<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const now = Date.now();
      if (now - this.lastStoreWarning >= STORE_WARNING_INTERVAL_MS) {
        this.lastStoreWarning = now;
        this.options.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'abuse limits skipped: their store is unavailable');
      }
      return fallback;
    }
  }
}

function throttled(subject: string, resetMs: number): GuardOutcome {
  const retryAfterSeconds = seconds(resetMs);
  return { ok: false, status: 429, code: ABUSE_CODES.authThrottled, message: `Too many failed authentications ${subject}; retry after ${retryAfterSeconds} s.`, retryAfterSeconds };
}

/** Whole seconds for Retry-After, never 0 while refused. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
