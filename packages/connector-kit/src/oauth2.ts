import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import type { AuthStrategy } from './auth.js';
import type { Lock } from './lock.js';
import { redact } from './redact.js';

export interface OAuth2Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** Provider extras kept with the tokens (Zoho's `api_domain`). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Where a connection's tokens live (the secret store, in the platform). */
export interface TokenStore {
  load(): Promise<OAuth2Tokens | null>;
  save(tokens: OAuth2Tokens): Promise<void>;
  /** The refresh token is dead: the connection goes to NEEDS_REAUTH until the tenant reconnects it. */
  markNeedsReauth(reason: string): Promise<void>;
}

/** How a provider does OAuth2 (authorization-code flow + refresh). */
export interface OAuth2Provider {
  /** Provider id for errors (`hubspot`); `oauth2` when omitted. */
  readonly id?: string;
  /** Name shown to users in the reconnect message (`HubSpot`); `id` when omitted. */
  readonly displayName?: string;
  tokenUrl: string | (() => string);
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  scopes: readonly string[];
  /**
   * How the token endpoint answers. A refresh answer without a refresh token may return `refreshToken: ''`:
   * the kit keeps the one it has.
   */
  parseTokenResponse(body: unknown, now: number): OAuth2Tokens;
}

export interface OAuth2AuthOptions {
  provider: OAuth2Provider;
  store: TokenStore;
  lock: Lock;
  connectionId: string;
  /** Refresh this long before `expiresAt` (default 60 s). */
  refreshSkewMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Header carrying the access token; default `Authorization: Bearer <token>` (Zoho: prefix `Zoho-oauthtoken `). */
  header?: { name: string; prefix: string };
  /** Timeout of one token-endpoint call (default 30 s). */
  timeoutMs?: number;
}

const standardTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
});

/** Parses the RFC 6749 token response (`access_token`, `refresh_token?`, `expires_in` seconds). */
export function parseStandardTokenResponse(body: unknown, now: number): OAuth2Tokens {
  const parsed = standardTokenSchema.parse(body);
  return { accessToken: parsed.access_token, refreshToken: parsed.refresh_token ?? '', expiresAt: now + parsed.expires_in * 1000 };
}

/**
 * OAuth2 bearer auth for one connection: refreshes before expiry (skew) and after a 401, one refresh at a
 * time per connection (the lock, and tokens re-read inside it: a second caller uses what the first
 * stored), saves new tokens, and marks the connection NEEDS_REAUTH when the provider rejects the
 * refresh token.
 */
export function oauth2Auth(options: OAuth2AuthOptions): AuthStrategy {
  const { provider, store, lock } = options;
  const providerId = provider.id ?? 'oauth2';
  const name = provider.displayName ?? providerId;
  const now = options.now ?? Date.now;
  const skew = options.refreshSkewMs ?? 60_000;
  const header = options.header ?? { name: 'Authorization', prefix: 'Bearer ' };
  const lockKey = `oauth2:${providerId}:${options.connectionId}`;
  // Every token this strategy has seen, so a rotated-out token is still redacted from late log lines.
  const known = new Set<string>([provider.clientSecret]);
  const remember = (tokens: OAuth2Tokens): OAuth2Tokens => {
    known.add(tokens.accessToken);
    if (tokens.refreshToken) known.add(tokens.refreshToken);
    return tokens;
  };

  const needsReauth = (detail: string) =>
    new ConnectorError('unauthorized', providerId, `The ${name} connection needs to be re-authorised: reconnect it in the portal (${detail}).`);

  async function loadOrFail(): Promise<OAuth2Tokens> {
    const tokens = await store.load();
    if (!tokens) {
      await store.markNeedsReauth('no OAuth tokens stored');
      throw needsReauth('no tokens are stored for it');
    }
    return remember(tokens);
  }

  /** Refreshes inside the lock unless `stillValid` says the stored tokens (re-read in the lock) are fine. */
  async function refreshUnless(stillValid: (t: OAuth2Tokens) => boolean): Promise<OAuth2Tokens> {
    return lock.withLock(lockKey, async () => {
      const current = await loadOrFail();
      if (stillValid(current)) return current;
      const fresh = await refresh(current);
      await store.save(fresh);
      return fresh;
    });
  }

  async function refresh(current: OAuth2Tokens): Promise<OAuth2Tokens> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: current.refreshToken,
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
    });
    const body = await callTokenEndpoint(provider, form, { fetch: options.fetch, timeoutMs: options.timeoutMs, secrets: [...known] }, async (status, text) => {
      if (status === 400 || status === 401) {
        // RFC 6749 5.2: invalid_grant (revoked/expired refresh token) and invalid_client are 400/401.
        await store.markNeedsReauth(`${name} rejected the refresh token (HTTP ${status})`);
        throw needsReauth(`${name} rejected the refresh token${oauthErrorCode(text)}`);
      }
    });
    const parsed = parseTokens(provider, body, now());
    const extra = parsed.extra === undefined && current.extra === undefined ? undefined : { ...current.extra, ...parsed.extra };
    // Providers that do not rotate refresh tokens (Zoho) answer without one: keep the one we have.
    return remember({ ...parsed, refreshToken: parsed.refreshToken || current.refreshToken, ...(extra !== undefined && { extra }) });
  }

  return {
    async authorize(headers) {
      let tokens = await loadOrFail();
      const fresh = (t: OAuth2Tokens) => t.expiresAt - skew > now();
      if (!fresh(tokens)) tokens = await refreshUnless(fresh);
      headers.set(header.name, `${header.prefix}${tokens.accessToken}`);
    },
    async onUnauthorized(rejected?: Headers) {
      const used = rejected?.get(header.name)?.slice(header.prefix.length);
      // Another caller may have refreshed already: only refresh if the stored token is the one rejected.
      await refreshUnless((t) => used !== undefined && t.accessToken !== used);
      return true;
    },
    secrets: () => [...known],
  };
}

function oauthErrorCode(text: string): string {
  try {
    const parsed = z.object({ error: z.string().regex(/^[a-z_]{1,40}$/) }).safeParse(JSON.parse(text));
    return parsed.success ? ` (${parsed.data.error})` : '';
  } catch {
    return '';
  }
}

function parseTokens(provider: OAuth2Provider, body: unknown, now: number): OAuth2Tokens {
  try {
    return provider.parseTokenResponse(body, now);
  } catch {
    throw new ConnectorError('invalid_response', provider.id ?? 'oauth2', `${provider.displayName ?? provider.id ?? 'oauth2'} token endpoint answered with an unexpected body`);
  }
}

async function callTokenEndpoint(
  provider: OAuth2Provider,
  form: URLSearchParams,
  options: { fetch?: typeof fetch; timeoutMs?: number; secrets: readonly string[] },
  onRejected: (status: number, text: string) => Promise<void>,
): Promise<unknown> {
  const providerId = provider.id ?? 'oauth2';
  const url = typeof provider.tokenUrl === 'function' ? provider.tokenUrl() : provider.tokenUrl;
  const secrets = [...options.secrets, provider.clientSecret, ...(form.get('refresh_token') ? [form.get('refresh_token') ?? ''] : []), form.get('code') ?? ''];
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorError('upstream_unavailable', providerId, redact(`${providerId} token endpoint could not be reached: ${reason}`, secrets));
  }
  if (!response.ok) {
    await onRejected(response.status, text);
    const code = response.status >= 500 ? 'upstream_unavailable' : 'misconfigured';
    throw new ConnectorError(code, providerId, `${providerId} token endpoint answered HTTP ${response.status}`, { status: response.status });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorError('invalid_response', providerId, `${providerId} token endpoint answered with a body that is not JSON`);
  }
}

/** The URL to send the user to for consent (authorization-code flow), carrying `state` for CSRF protection. */
export function authorizeUrl(provider: OAuth2Provider, options: { redirectUri: string; state: string; extra?: Record<string, string> }): string {
  const url = new URL(provider.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  if (provider.scopes.length > 0) url.searchParams.set('scope', provider.scopes.join(' '));
  url.searchParams.set('state', options.state);
  for (const [key, value] of Object.entries(options.extra ?? {})) url.searchParams.set(key, value);
  // URLSearchParams writes a space as `+` (form encoding); providers document `%20` between scopes
  // (HubSpot). A literal `+` is already `%2B` here, so the swap is exact.
  url.search = url.searchParams.toString().replace(/\+/g, '%20');
  return url.toString();
}

/** The callback step: exchanges the authorization code for tokens. A rejected code -> ConnectorError('unauthorized'). */
export async function exchangeCode(provider: OAuth2Provider, options: { code: string; redirectUri: string; fetch?: typeof fetch; now?: () => number }): Promise<OAuth2Tokens> {
  const providerId = provider.id ?? 'oauth2';
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
  });
  const body = await callTokenEndpoint(provider, form, { fetch: options.fetch, secrets: [] }, async (status) => {
    if (status === 400 || status === 401) {
      throw new ConnectorError('unauthorized', providerId, `${provider.displayName ?? providerId} rejected the authorization code (HTTP ${status}): start the connect flow again`);
    }
  });
  return parseTokens(provider, body, (options.now ?? Date.now)());
}

/** Tokens in memory: tests, and connections whose tokens the platform persists elsewhere. */
export class InMemoryTokenStore implements TokenStore {
  needsReauth: string | undefined;
  saves = 0;
  constructor(private tokens: OAuth2Tokens | null) {}
  async load(): Promise<OAuth2Tokens | null> {
    return this.tokens;
  }
  async save(tokens: OAuth2Tokens): Promise<void> {
    this.tokens = tokens;
    this.saves += 1;
  }
  async markNeedsReauth(reason: string): Promise<void> {
    this.needsReauth = reason;
  }
}
