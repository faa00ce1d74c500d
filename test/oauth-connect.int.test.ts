import { captureLogs } from './support/log-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../packages/connectors/test/emulators/hubspot/hubspot-emulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const BEGIN = 'mutation($provider: String!, $settings: JSON!, $clientId: String!, $clientSecret: String!) { beginOAuthConnect(port: CRM, provider: $provider, settings: $settings, clientId: $clientId, clientSecret: $clientSecret) { authorizationUrl expiresAt } }';
const CONNECTIONS = '{ connections { id port provider status } }';
const DEALS = '{ deals(first: 10) { nodes { title source { provider connectionId } } } }';
const PUBLIC_URL = 'https://portal.bizosaas.test';
const APP = { clientId: 'hs-app-client-7', clientSecret: 'hs-app-client-secret-9f8e7d6c5b4a' };

// The OAuth authorization-code connect flow end to end: beginOAuthConnect through the gateway, consent at
// the (emulated) provider, its redirect to the gateway's /oauth/callback, and the tenant's CRM switched.
describe('connecting HubSpot through the OAuth authorization-code flow', () => {
  let hubspot: HubSpotEmulator;
  let t: TestApp;
  const logs = captureLogs();
  const logLines = logs.lines;
  const pages: string[] = [];
  const responses: string[] = [];
  const gql = async (slug: 'acme' | 'globex', query: string, variables?: Record<string, unknown>) => {
    const result = await t.gql(t.key(slug), query, variables);
    responses.push(JSON.stringify(result));
    return result;
  };
  const begin = async (slug: 'acme' | 'globex', overrides: Record<string, unknown> = {}) => {
    const result = await gql(slug, BEGIN, { provider: 'hubspot', settings: { baseUrl: hubspot.url, defaultCurrency: 'EUR' }, ...APP, ...overrides });
    expect(result.errors).toBeUndefined();
    return result.data.beginOAuthConnect as { authorizationUrl: string; expiresAt: string };
  };
  /** The browser at the provider: consent, then the provider's redirect (not followed). */
  const consent = async (authorizationUrl: string) => {
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location') ?? '');
  };
  /** The browser following that redirect to the gateway (PUBLIC_URL stands for the gateway's address). */
  const callback = async (query: URLSearchParams | string) => {
    const url = new URL(`/oauth/callback?${query.toString()}`, t.app.gatewayUrl);
    const response = await fetch(url);
    const page = await response.text();
    pages.push(page);
    return { status: response.status, page, headers: response.headers };
  };
  const secretRows = async () => (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from local_secrets')).rows[0]?.n ?? 0;

  beforeAll(async () => {
    hubspot = await startHubSpotEmulator({ oauth: { ...APP, refreshTokens: [] } });
    hubspot.seed('deals', { dealname: 'Harbour cranes (HubSpot)', amount: '125000', deal_currency_code: 'EUR', pipeline: 'default', dealstage: 'qualifiedtobuy' });
    t = await startTestApp({ env: { PUBLIC_URL }, logger: logs.logger });
  });
  afterAll(async () => {
    await t?.close();
    await hubspot?.close();
  });

  it('connects the tenant after consent: the callback page says so and deals come from HubSpot', async () => {
    const started = await begin('acme');
    const authorize = new URL(started.authorizationUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${hubspot.url}/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(APP.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.authorizationUrl).not.toContain(APP.clientSecret);
    const ttl = Date.parse(started.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);

    const redirect = await consent(started.authorizationUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(redirect.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(hubspot.consent.consents).toHaveLength(1);

    const done = await callback(redirect.searchParams);
    const tenant = (await gql('acme', '{ viewer { tenant { name } } }')).data.viewer.tenant.name as string;
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/text\/html/);
    expect(done.headers.get('referrer-policy')).toBe('no-referrer');
    expect(done.page).toContain(`Connected HubSpot CRM for ${tenant}. You can close this window.`);

    const connections = (await gql('acme', CONNECTIONS)).data.connections;
    const crm = connections.find((c: { port: string }) => c.port === 'CRM');
    expect(crm).toMatchObject({ provider: 'hubspot', status: 'ACTIVE' });
    const deals = await gql('acme', DEALS);
    expect(deals.errors).toBeUndefined();
    expect(deals.data.deals.nodes).toEqual([{ title: 'Harbour cranes (HubSpot)', source: { provider: 'hubspot', connectionId: crm.id } }]);
    // No pending authorization and no temporary client secret are left behind.
    expect((await t.app.platform.db.query('select * from oauth_states')).rows).toEqual([]);

    // The same redirect again (a replay, or a second tab) is refused and changes nothing.
    const again = await callback(redirect.searchParams);
    expect(again.status).toBe(400);
    expect(again.page).toMatch(/unknown or was already used/);
    expect((await gql('acme', CONNECTIONS)).data.connections).toEqual(connections);
  });

  it('refuses an unknown or missing state', async () => {
    const forged = await callback(new URLSearchParams({ state: 'A'.repeat(43), code: 'whatever' }));
    expect(forged.status).toBe(400);
    expect(forged.page).toMatch(/unknown or was already used/);
    expect((await callback(new URLSearchParams({ code: 'whatever' }))).status).toBe(400);
  });

  it('refuses an expired state and removes its client secret', async () => {
    const secretsBefore = await secretRows();
    const started = await begin('globex');
    expect(await secretRows()).toBe(secretsBefore + 1);
    const redirect = await consent(started.authorizationUrl);
    await t.app.platform.db.query(`update oauth_states set expires_at = now() - interval '1 second'`);
    const exchangesBefore = hubspot.consent.codeExchanges;
    const expired = await callback(redirect.searchParams);
    expect(expired.status).toBe(400);
    expect(expired.page).toMatch(/expired/);
    expect(hubspot.consent.codeExchanges).toBe(exchangesBefore);
    expect(await secretRows()).toBe(secretsBefore);
    expect((await gql('globex', CONNECTIONS)).data.connections.find((c: { port: string }) => c.port === 'CRM').provider).toBe('sandbox');
  });

  it('leaves the connection and the secret store as they were when HubSpot rejects the code', async () => {
    const connectionsBefore = (await gql('globex', CONNECTIONS)).data.connections;
    const secretsBefore = await secretRows();
    const started = await begin('globex');
    const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';
    const exchangesBefore = hubspot.consent.codeExchanges;
    const rejected = await callback(new URLSearchParams({ state, code: 'emu-code-not-issued-by-hubspot' }));
    expect(hubspot.consent.codeExchanges).toBe(exchangesBefore + 1);
    expect(rejected.status).toBe(400);
    expect(rejected.page).toMatch(/HubSpot rejected the authorization code/);
    expect(rejected.page).not.toContain('emu-code-not-issued-by-hubspot');
    expect((await gql('globex', CONNECTIONS)).data.connections).toEqual(connectionsBefore);
    expect(await secretRows()).toBe(secretsBefore);
  });

  it('tells the user when they refused access at HubSpot', async () => {
    const started = await begin('globex');
    hubspot.consent.denyConsent = true;
    try {
      const redirect = await consent(started.authorizationUrl);
      const denied = await callback(redirect.searchParams);
      expect(denied.status).toBe(400);
      expect(denied.page).toMatch(/HubSpot CRM did not authorise the connection \(access_denied\)/);
    } finally {
      hubspot.consent.denyConsent = false;
    }
  });

  it('validates beginOAuthConnect: fields named, providers without OAuth refused, admin role required', async () => {
    const bad = await gql('globex', BEGIN, { provider: 'hubspot', settings: { baseUrl: 'https://evil.example' }, clientId: '', clientSecret: ' ' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (bad.errors?.[0]?.extensions?.violations as { field: string }[]).map((v) => v.field).sort();
    expect(fields).toEqual(['clientId', 'clientSecret', 'settings.baseUrl']);
    const sandbox = await gql('globex', BEGIN, { provider: 'sandbox', settings: {}, ...APP });
    expect(sandbox.errors?.[0]?.extensions?.field).toBe('provider');
    expect(sandbox.errors?.[0]?.message).toMatch(/no OAuth connect flow/);

    const created = await gql('globex', 'mutation { createApiKey(name: "viewer", roles: ["viewer"]) { key } }');
    const viewer = await t.gql(created.data.createApiKey.key, BEGIN, { provider: 'hubspot', settings: { baseUrl: hubspot.url }, ...APP });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('never puts the client secret, a code or a token in a callback page, a GraphQL answer or a log line', () => {
    const secrets = [APP.clientSecret, ...hubspot.consent.issuedCodes, ...hubspot.consent.issuedRefreshTokens, ...hubspot.issuedAccessTokens];
    expect(hubspot.consent.issuedCodes.length).toBeGreaterThanOrEqual(2);
    expect(hubspot.consent.issuedRefreshTokens.length).toBeGreaterThanOrEqual(1);
    expect(logLines.length).toBeGreaterThan(0);
    const everything = [...logLines, ...pages, ...responses].join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `leaked ${secret.slice(0, 8)}…`).toBe(false);
  });
});
