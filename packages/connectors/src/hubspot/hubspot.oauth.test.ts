import { ConnectorError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { createHubSpotConnectFlow } from './hubspot.oauth.js';
import { parseHubSpotSettings } from './hubspot.settings.js';

const flow = (allowEmulator = false, fetch?: typeof globalThis.fetch) =>
  createHubSpotConnectFlow((raw) => parseHubSpotSettings(raw, { allowEmulator }), fetch ? { fetch } : {});
const input = { clientId: 'client-1', redirectUri: 'https://portal.example/oauth/callback', state: 'st4te_-x' };

describe('HubSpot connect flow', () => {
  it('sends users to app.hubspot.com with client id, redirect URI, %20-separated scopes and the state', () => {
    const raw = flow().authorizationUrl({ ...input, settings: {} });
    expect(raw.startsWith('https://app.hubspot.com/oauth/authorize?')).toBe(true);
    expect(raw).toContain('scope=crm.objects.contacts.read%20crm.objects.contacts.write');
    const url = new URL(raw);
    expect(url.searchParams.get('client_id')).toBe('client-1');
    expect(url.searchParams.get('redirect_uri')).toBe('https://portal.example/oauth/callback');
    expect(url.searchParams.get('state')).toBe('st4te_-x');
    expect(url.searchParams.get('scope')?.split(' ')).toContain('crm.objects.deals.read');
  });

  it('keeps app.hubspot.com for the EU API host and uses a loopback emulator only when allowed', () => {
    expect(flow().authorizationUrl({ ...input, settings: { baseUrl: 'https://api.hubapi.eu' } })).toMatch(/^https:\/\/app\.hubspot\.com\/oauth\/authorize\?/);
    expect(flow(true).authorizationUrl({ ...input, settings: { baseUrl: 'http://127.0.0.1:9999' } })).toMatch(/^http:\/\/127\.0\.0\.1:9999\/oauth\/authorize\?/);
    expect(() => flow(false).authorizationUrl({ ...input, settings: { baseUrl: 'http://127.0.0.1:9999' } })).toThrow(/settings\.baseUrl/);
  });

  it('exchanges the code at the connection API base and returns the OAuth credentials', async () => {
    let seen: { url: string; form: URLSearchParams } | undefined;
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen = { url: String(url), form: new URLSearchParams(String(init?.body)) };
      return Response.json({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 1800 });
    }) as typeof globalThis.fetch;
    const credentials = await flow(false, fetch).exchangeCode({ ...input, settings: { baseUrl: 'https://api.hubapi.eu' }, clientSecret: 'secret-1', code: 'code-1' });
    expect(credentials).toEqual({ refreshToken: 'rt-1', clientId: 'client-1', clientSecret: 'secret-1' });
    expect(seen?.url).toBe('https://api.hubapi.eu/oauth/v1/token');
    expect(Object.fromEntries(seen?.form ?? [])).toMatchObject({ grant_type: 'authorization_code', code: 'code-1', redirect_uri: input.redirectUri, client_id: 'client-1', client_secret: 'secret-1' });
  });

  it('turns a rejected code into ConnectorError(unauthorized) without echoing it', async () => {
    const fetch = (async () => Response.json({ status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' }, { status: 400 })) as typeof globalThis.fetch;
    const failure = await flow(false, fetch).exchangeCode({ ...input, settings: {}, clientSecret: 'secret-1', code: 'code-secret-9' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: 'unauthorized' });
    expect(String((failure as Error).message)).not.toContain('code-secret-9');
  });
});
