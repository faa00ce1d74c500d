import { captureLogs } from './support/log-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../packages/connectors/test/emulators/hubspot/hubspot-emulator.js';
import { ZohoEmulator } from '../packages/connectors/test/emulators/zoho/zoho-emulator.js';
import { shape } from './support/json-shape.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($provider: String!, $settings: JSON!, $credentials: JSON!) { connect(port: CRM, provider: $provider, settings: $settings, credentials: $credentials) { id provider status } }';
const DEALS = '{ deals(first: 10) { nodes { id title amount probability stage { id name } pipeline { id name } contact { id email fullName } company { id name } source { provider } } } }';

// The product's promise with real connectors: tenant A on HubSpot, tenant B on Zoho (each against its
// emulator), the same query through the gateway, the same shape back.
describe('the same CRM query for a tenant on HubSpot and one on Zoho', () => {
  const HUBSPOT_OAUTH = { clientId: 'hs-client-1', clientSecret: 'hs-client-secret-0123456789', refreshTokens: ['hs-refresh-token-0123456789'] };
  let hubspot: HubSpotEmulator;
  let zoho: ZohoEmulator;
  let t: TestApp;
  const logs = captureLogs();
  const logLines = logs.lines;
  const responses: string[] = [];
  const gql = async (slug: 'acme' | 'globex', query: string, variables?: Record<string, unknown>) => {
    const result = await t.gql(t.key(slug), query, variables);
    responses.push(JSON.stringify(result));
    return result;
  };

  beforeAll(async () => {
    hubspot = await startHubSpotEmulator({ oauth: HUBSPOT_OAUTH });
    hubspot.seed('companies', { name: 'Kestrel Freight', domain: 'kestrel-freight.example' });
    zoho = await ZohoEmulator.start({ name: 'eu' });
    zoho.store.create('Accounts', { Account_Name: 'Kestrel Freight', Website: 'kestrel-freight.example' });
    t = await startTestApp({ logger: logs.logger });

    const a = await gql('acme', CONNECT, { provider: 'hubspot', settings: { baseUrl: hubspot.url, defaultCurrency: 'EUR' }, credentials: { refreshToken: HUBSPOT_OAUTH.refreshTokens[0], clientId: HUBSPOT_OAUTH.clientId, clientSecret: HUBSPOT_OAUTH.clientSecret } });
    expect(a.errors).toBeUndefined();
    const b = await gql('globex', CONNECT, { provider: 'zoho', settings: { apiDomain: zoho.url, accountsServer: zoho.url, currency: 'USD' }, credentials: { clientId: zoho.clientId, clientSecret: zoho.clientSecret, refreshToken: zoho.refreshToken } });
    expect(b.errors).toBeUndefined();

    for (const [slug, currency] of [['acme', 'EUR'], ['globex', 'USD']] as const) {
      const setup = await gql(slug, '{ pipelines { id stages { id } } companies(first: 1) { nodes { id } } }');
      expect(setup.errors).toBeUndefined();
      const contact = await gql(slug, 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { email: `buyer.${slug}@kestrel-freight.example`, firstName: 'Kim', lastName: 'Buyer', companyId: setup.data.companies.nodes[0].id } });
      expect(contact.errors).toBeUndefined();
      const pipeline = setup.data.pipelines[0];
      const deal = await gql(slug, 'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }', {
        input: { title: `Fleet renewal ${slug}`, amount: { amount: '48000.00', currency }, pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.data.createContact.id, companyId: setup.data.companies.nodes[0].id },
      });
      expect(deal.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await t?.close();
    await hubspot?.close();
    await zoho?.close();
  });

  it('answers the same query with the same shape for both tenants, each from its own CRM', async () => {
    const acme = await gql('acme', DEALS);
    const globex = await gql('globex', DEALS);
    expect(acme.errors).toBeUndefined();
    expect(globex.errors).toBeUndefined();
    const a = acme.data.deals.nodes[0];
    const g = globex.data.deals.nodes[0];
    expect(a).toMatchObject({ title: 'Fleet renewal acme', amount: { amount: '48000.00', currency: 'EUR' }, contact: { email: 'buyer.acme@kestrel-freight.example' }, company: { name: 'Kestrel Freight' }, source: { provider: 'hubspot' } });
    expect(g).toMatchObject({ title: 'Fleet renewal globex', amount: { currency: 'USD' }, contact: { email: 'buyer.globex@kestrel-freight.example' }, company: { name: 'Kestrel Freight' }, source: { provider: 'zoho' } });
    expect(shape(acme.data)).toEqual(shape(globex.data));
  });

  it('waits out a 429 with Retry-After: 2 and answers the query', async () => {
    zoho.inject({ kind: 'status', status: 429, retryAfterSeconds: 2 }, { times: 1 });
    const started = Date.now();
    const result = await gql('globex', DEALS);
    expect(result.errors).toBeUndefined();
    expect(result.data.deals.nodes.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('gives the client UPSTREAM_UNAVAILABLE, not a gateway timeout, while HubSpot keeps answering 503, and keeps serving', async () => {
    // More 503s than the retries can take: the retries stop in time for the subgraph to answer with the
    // provider's error before the gateway's subgraph timeout (connector deadline).
    hubspot.failNext(50, 503);
    const failed = await gql('acme', DEALS);
    hubspot.clearFaults();
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed.errors?.[0]?.extensions?.provider).toBe('hubspot');
    const health = await fetch(t.app.gatewayUrl.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
    const again = await gql('acme', DEALS);
    expect(again.errors).toBeUndefined();
    expect(again.data.deals.nodes[0].source.provider).toBe('hubspot');
  });

  it('surfaces a provider\'s 400 as a request error with the provider\'s message, never as "reconnect"', async () => {
    // Aimed at the deals list, so a retry still in flight from an earlier case cannot take the fault.
    hubspot.failNext(1, 400, {}, { endpoint: 'GET /crm/v3/objects/deals', error: { category: 'VALIDATION_ERROR', message: 'Property values were not valid: hs_pipeline is required' } });
    zoho.inject({ kind: 'status', status: 400, code: 'PATTERN_NOT_MATCHED', message: 'Please check whether the input values are correct' }, { endpoint: 'GET /crm/v8/Deals' });
    for (const [slug, provider, said] of [['acme', 'hubspot', 'hs_pipeline is required'], ['globex', 'zoho', 'input values are correct']] as const) {
      const failed = await gql(slug, DEALS);
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', provider });
      expect(failed.errors?.[0]?.message).toContain(said);
      expect(failed.errors?.[0]?.message).not.toMatch(/reconnect/i);
      const connections = await gql(slug, '{ connections { port provider status } }');
      expect(connections.data.connections).toContainEqual(expect.objectContaining({ port: 'CRM', provider, status: 'ACTIVE' }));
      expect((await gql(slug, DEALS)).errors).toBeUndefined();
    }
  });

  it('shows a connection whose refresh token was revoked as NEEDS_REAUTH, and tells callers to reconnect', async () => {
    hubspot.rejectRefresh = true;
    hubspot.expireAccessTokens();
    const failed = await gql('acme', DEALS);
    expect(failed.errors?.[0]?.message).toMatch(/reconnect/i);
    const connections = await gql('acme', '{ connections { port provider status lastError } }');
    expect(connections.data.connections).toContainEqual(expect.objectContaining({ port: 'CRM', provider: 'hubspot', status: 'NEEDS_REAUTH' }));
    const again = await gql('acme', DEALS);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONNECTION_MISCONFIGURED');
    expect(again.errors?.[0]?.message).toMatch(/re-authorised|reconnect/i);
  });

  it('never puts a token or client secret in a log line or a GraphQL response', () => {
    const secrets = [
      ...HUBSPOT_OAUTH.refreshTokens,
      HUBSPOT_OAUTH.clientSecret,
      ...hubspot.issuedAccessTokens,
      zoho.refreshToken,
      zoho.clientSecret,
      ...zoho.issuedTokens(),
    ];
    expect(secrets.length).toBeGreaterThan(5);
    expect(logLines.length).toBeGreaterThan(0);
    const everything = [...logLines, ...responses].join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `leaked ${secret.slice(0, 6)}…`).toBe(false);
  });
});
