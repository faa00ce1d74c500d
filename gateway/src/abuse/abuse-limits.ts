/**
 * The numbers the gateway's abuse limits enforce; the platform config (AUTH_FAILURES_*, KEY_REQUEST*,
 * WS_*, API_KEY_RECHECK_SECONDS) has the same shape, so the composition root passes it straight through.
 */
export interface AbuseLimits {
  /** Failed authentications allowed per window, per client address and per API-key prefix. */
  readonly authFailures: { readonly perAddress: number; readonly perKeyPrefix: number; readonly windowSeconds: number };
  /** Token bucket per API key: sustained requests per second and the burst above it. */
  readonly keyRate: { readonly perSecond: number; readonly burst: number };
  /** Open sockets per key, subscriptions per socket, and how often open sockets' keys are checked again. */
  readonly sockets: { readonly perKey: number; readonly subscriptionsPerSocket: number; readonly keyRecheckSeconds: number };
}

/** The platform config's defaults, so a gateway started without explicit limits is still protected. */
export const DEFAULT_ABUSE_LIMITS: AbuseLimits = Object.freeze({
  authFailures: Object.freeze({ perAddress: 100, perKeyPrefix: 20, windowSeconds: 60 }),
  keyRate: Object.freeze({ perSecond: 50, burst: 200 }),
  sockets: Object.freeze({ perKey: 20, subscriptionsPerSocket: 100, keyRecheckSeconds: 2 }),
});

/** Error codes clients see in `extensions.code` when a limit refuses them. */
export const ABUSE_CODES = {
  authThrottled: 'TOO_MANY_FAILED_AUTHENTICATIONS',
  rateLimited: 'RATE_LIMITED',
} as const;
