import { bearerToken, InMemoryTokenStore, InProcessLock, oauth2Auth, type AuthStrategy, type Lock, type TokenStore } from '@bizosaas/connector-kit';
import { hubSpotOAuthProvider } from './hubspot.profile.js';
import type { HubSpotCredentials } from './hubspot.settings.js';

export interface HubSpotAuthOptions {
  readonly connectionId: string;
  readonly baseUrl?: string;
  /**
   * Where OAuth tokens live and where NEEDS_REAUTH is recorded. The platform passes one backed by the
   * secret store and the connection record; without it tokens live in memory, seeded from the credentials.
   */
  readonly tokenStore?: TokenStore;
  /** One refresh at a time per connection; pass a `RedisLock` when several processes share connections. */
  readonly lock?: Lock;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

// One lock per process by default, so adapters of one connection built twice still refresh once.
const defaultLock = new InProcessLock();

/** Bearer auth for a private-app token, or OAuth2 with refresh (single-flight, NEEDS_REAUTH on a dead refresh token). */
export function createHubSpotAuth(credentials: HubSpotCredentials, options: HubSpotAuthOptions): AuthStrategy {
  if (credentials.kind === 'private_app') return bearerToken(credentials.accessToken);
  const store =
    options.tokenStore ??
    // No access token yet (or no expiry known): expiresAt 0 makes the first call refresh.
    new InMemoryTokenStore({ accessToken: credentials.accessToken ?? '', refreshToken: credentials.refreshToken, expiresAt: 0 });
  return oauth2Auth({
    provider: hubSpotOAuthProvider({ clientId: credentials.clientId, clientSecret: credentials.clientSecret, ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }) }),
    store,
    lock: options.lock ?? defaultLock,
    connectionId: options.connectionId,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.now && { now: options.now }),
  });
}
