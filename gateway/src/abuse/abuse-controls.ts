import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { ApiKeyAuthenticator } from '../auth.js';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './abuse-limits.js';
import type { AbuseStore } from './abuse-store.js';
import { AuthGuard } from './auth-guard.js';
import { InMemoryAbuseStore } from './in-memory-abuse-store.js';
import { KeySockets, type OpenKey } from './key-sockets.js';

/** How the gateway's abuse limits are set up; everything is optional, the defaults protect. */
export interface GatewayAbuseOptions {
  readonly limits?: AbuseLimits;
  /** Shared counters (Redis) so several gateways keep to one budget; this process's memory otherwise. */
  readonly store?: AbuseStore;
  /** The public part of a presented key, for the per-prefix failure limit. */
  readonly keyPrefix?: (key: string) => string | null;
}

/** The guard (HTTP and WebSocket authentication) and the socket registry, built once per gateway. */
export interface AbuseControls {
  readonly limits: AbuseLimits;
  readonly guard: AuthGuard;
  readonly sockets: KeySockets;
  /** The counters behind them, for other throttles (sign-in) that must share the same budget store. */
  readonly store: AbuseStore;
}

/**
 * Builds the abuse controls. Open sockets' keys are re-checked with the authenticator itself, so a key
 * revoked through any gateway or process closes its sockets here at the next re-check.
 */
export function createAbuseControls(options: GatewayAbuseOptions, authenticate: ApiKeyAuthenticator, logger: KitLogger): AbuseControls {
  const limits = options.limits ?? DEFAULT_ABUSE_LIMITS;
  const store = options.store ?? new InMemoryAbuseStore();
  const guard = new AuthGuard({ authenticate, store, limits, logger, ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}) });
  const stillValid = async (keys: readonly OpenKey[]): Promise<ReadonlySet<string>> => {
    const checked = await Promise.all(keys.map(async ({ id, key }) => ((await authenticate(key))?.userId === id ? id : undefined)));
    return new Set(checked.filter((id) => id !== undefined));
  };
  const sockets = new KeySockets({ perKey: limits.sockets.perKey, recheckMs: limits.sockets.keyRecheckSeconds * 1000, store, stillValid, logger });
  return { limits, guard, sockets, store };
}
