import { ConnectorError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.js';
import { InProcessLock } from './lock.js';
import { authorizeUrl, exchangeCode, InMemoryTokenStore, oauth2Auth, parseStandardTokenResponse, type OAuth2Provider } from './oauth2.js';
import { capturingLogger, fakeFetch, type FakeReply } from './test-support.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const provider: OAuth2Provider = {
  id: 'acme',
  displayName: 'Acme CRM',
  tokenUrl: 'https://auth.acme.example/oauth/token',
  clientId: 'client-1',
  clientSecret: 'client-secret-XYZ-123',
  authorizeUrl: 'https://auth.acme.example/oauth/authorize',
  scopes: ['crm.read', 'crm.write'],
  parseTokenResponse: parseStandardTokenResponse,
};
const OLD = { accessToken: 'access-OLD-111111', refreshToken: 'refresh-RRR-222222', expiresAt: NOW + 3_600_000 };

function setup(tokens = OLD, tokenReplies: FakeReply[] = [{ status: 200, body: { access_token: 'access-NEW-333333', expires_in: 1800 } }]) {
  const token = fakeFetch(tokenReplies);
  const store = new InMemoryTokenStore(tokens);
  const auth = oauth2Auth({ provider, store, lock: new InProcessLock(), connectionId: 'conn-1', fetch: token.fetch, now: () => NOW });
  return { auth, store, token };
}

describe('oauth2Auth', () => {
  it('uses the stored token while it is fresh', async () => {
    const { auth, token } = setup();
    const headers = new Headers();
    await auth.authorize(headers);
    expect(headers.get('authorization')).toBe('Bearer access-OLD-111111');
    expect(token.calls).toHaveLength(0);
  });

  it('refreshes before expiry (within the skew), keeps the refresh token and stores the new tokens', async () => {
    const { auth, store, token } = setup({ ...OLD, expiresAt: NOW + 30_000 });
    const headers = new Headers();
    await auth.authorize(headers);
    expect(headers.get('authorization')).toBe('Bearer access-NEW-333333');
    expect(token.calls).toHaveLength(1);
    const form = new URLSearchParams(token.calls[0]?.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'refresh_token', refresh_token: OLD.refreshToken, client_id: 'client-1', client_secret: provider.clientSecret });
    expect(await store.load()).toEqual({ accessToken: 'access-NEW-333333', refreshToken: OLD.refreshToken, expiresAt: NOW + 1_800_000 });
  });

  it('refreshes exactly once for 20 concurrent requests with an expired token', async () => {
    const { auth, token } = setup({ ...OLD, expiresAt: NOW - 1 });
    const seen = await Promise.all(Array.from({ length: 20 }, async () => {
      const headers = new Headers();
      await auth.authorize(headers);
      return headers.get('authorization');
    }));
    expect(token.calls).toHaveLength(1);
    expect(new Set(seen)).toEqual(new Set(['Bearer access-NEW-333333']));
  });

  it('refreshes exactly once when 20 concurrent requests get a 401, and each is retried with the new token', async () => {
    const { auth, token } = setup();
    const calls: string[] = [];
    const fetchApi = (async (_url: string | URL | Request, init?: RequestInit) => {
      const authz = new Headers(init?.headers).get('authorization') ?? '';
      calls.push(authz);
      return authz === 'Bearer access-NEW-333333' ? new Response('{"ok":true}', { status: 200 }) : new Response('{}', { status: 401 });
    }) as typeof fetch;
    const client = createHttpClient({
      profile: { id: 'acme', timeoutMs: 1000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, rateLimit: { capacity: 100, refillPerSecond: 100 } },
      baseUrl: 'https://api.acme.example', connectionId: 'conn-1', auth, fetch: fetchApi,
    });
    await Promise.all(Array.from({ length: 20 }, () => client.request({ method: 'GET', path: '/x' }, z.object({ ok: z.boolean() }))));
    expect(token.calls).toHaveLength(1);
    expect(calls.filter((c) => c === 'Bearer access-NEW-333333')).toHaveLength(20);
  });

  it('marks the connection NEEDS_REAUTH when the refresh token is rejected, and says to reconnect', async () => {
    const { auth, store } = setup({ ...OLD, expiresAt: NOW - 1 }, [{ status: 400, body: { error: 'invalid_grant', error_description: `refresh token ${OLD.refreshToken} revoked` } }]);
    const error: unknown = await auth.authorize(new Headers()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'acme' });
    expect((error as Error).message).toMatch(/re-authorised: reconnect it/);
    expect((error as Error).message).toContain('invalid_grant');
    expect(store.needsReauth).toContain('rejected the refresh token');
    for (const secret of [OLD.refreshToken, OLD.accessToken, provider.clientSecret]) expect((error as Error).message).not.toContain(secret);
  });

  it('reports a token endpoint outage as upstream_unavailable without marking the connection', async () => {
    const { auth, store } = setup({ ...OLD, expiresAt: NOW - 1 }, [{ status: 503 }]);
    await expect(auth.authorize(new Headers())).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(store.needsReauth).toBeUndefined();
  });

  it('lists every token it has seen as a secret, so none reaches a log line', async () => {
    const { auth } = setup({ ...OLD, expiresAt: NOW - 1 });
    await auth.authorize(new Headers());
    expect(auth.secrets()).toEqual(expect.arrayContaining([OLD.accessToken, OLD.refreshToken, 'access-NEW-333333', provider.clientSecret]));
    const log = capturingLogger();
    const client = createHttpClient({
      profile: { id: 'acme', timeoutMs: 1000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, rateLimit: { capacity: 10, refillPerSecond: 10 } },
      baseUrl: 'https://api.acme.example', connectionId: 'conn-1', auth, logger: log.logger,
      fetch: fakeFetch([{ status: 400, body: { message: `bad token access-NEW-333333 / ${OLD.refreshToken}` } }]).fetch,
    });
    const error: unknown = await client.request({ method: 'GET', path: '/x' }, z.unknown()).catch((e: unknown) => e);
    const text = [String(error), ...log.lines].join('\n');
    for (const secret of auth.secrets()) expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED]');
  });
});

describe('authorization-code flow', () => {
  it('builds the authorize URL with state and scopes', () => {
    const url = new URL(authorizeUrl(provider, { redirectUri: 'https://app.example/cb', state: 's-1', extra: { access_type: 'offline' } }));
    expect(url.origin + url.pathname).toBe(provider.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'client-1', redirect_uri: 'https://app.example/cb', scope: 'crm.read crm.write', state: 's-1', access_type: 'offline' });
  });

  it('exchanges the code for tokens, and a rejected code is unauthorized', async () => {
    const ok = fakeFetch([{ status: 200, body: { access_token: 'a-123456', refresh_token: 'r-123456', expires_in: 60 } }]);
    expect(await exchangeCode(provider, { code: 'c-1', redirectUri: 'https://app.example/cb', fetch: ok.fetch, now: () => NOW })).toEqual({ accessToken: 'a-123456', refreshToken: 'r-123456', expiresAt: NOW + 60_000 });
    expect(new URLSearchParams(ok.calls[0]?.body).get('grant_type')).toBe('authorization_code');
    const bad = fakeFetch([{ status: 400, body: { error: 'invalid_grant' } }]);
    await expect(exchangeCode(provider, { code: 'c-1', redirectUri: 'x', fetch: bad.fetch })).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
