import { describe, expect, it } from 'vitest';
import { createZohoConnectFlow, ZOHO_CRM_SCOPES } from './zoho-crm.oauth.js';
import { parseZohoSettings } from './zoho-crm.settings.js';

const EU = { apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.eu' };
const flow = (fetch?: typeof globalThis.fetch) => createZohoConnectFlow((raw) => parseZohoSettings(raw), fetch ? { fetch } : {});
const input = { clientId: '1000.ABC', redirectUri: 'https://portal.example/oauth/callback', state: 'st4te_-x' };
const answering = (body: unknown, seen: string[] = []) =>
  (async (url: string | URL | Request) => {
    seen.push(String(url));
    return Response.json(body);
  }) as typeof globalThis.fetch;

describe('Zoho CRM connect flow', () => {
  it('sends EU accounts to accounts.zoho.eu with comma-separated scopes, offline access and the state', () => {
    const url = new URL(flow().authorizationUrl({ ...input, settings: EU }));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.zoho.eu/oauth/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: ZOHO_CRM_SCOPES.join(','),
      client_id: '1000.ABC',
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: input.redirectUri,
      state: 'st4te_-x',
    });
  });

  it('exchanges the code at the EU accounts server for the connection credentials', async () => {
    const seen: string[] = [];
    const fetch = answering({ access_token: 'at', refresh_token: 'rt-1', api_domain: 'https://www.zohoapis.eu', token_type: 'Bearer', expires_in: 3600 }, seen);
    const credentials = await flow(fetch).exchangeCode({ ...input, settings: EU, clientSecret: 's', code: 'c' });
    expect(credentials).toEqual({ clientId: '1000.ABC', clientSecret: 's', refreshToken: 'rt-1' });
    expect(seen).toEqual(['https://accounts.zoho.eu/oauth/v2/token']);
  });

  it("refuses Zoho's HTTP 200 invalid_code answer and an account of another data centre", async () => {
    await expect(flow(answering({ error: 'invalid_code' })).exchangeCode({ ...input, settings: EU, clientSecret: 's', code: 'c' })).rejects.toMatchObject({ code: 'unauthorized' });
    const us = answering({ access_token: 'at', refresh_token: 'rt-1', api_domain: 'https://www.zohoapis.com', expires_in: 3600 });
    await expect(flow(us).exchangeCode({ ...input, settings: EU, clientSecret: 's', code: 'c' })).rejects.toMatchObject({ code: 'misconfigured', message: expect.stringContaining('https://www.zohoapis.com') });
  });
});
