import { bearerToken, InMemoryTokenStore, type KitLogger } from '@bizosaas/connector-kit';
import { capturingLogger } from '@bizosaas/connector-kit/testing';
import { ConnectorError, type Deal } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotEmulator } from '../../test/emulators/hubspot/hubspot-emulator.js';
import { emulatorWithCompanies, PRIVATE_APP_TOKEN, privateAppAdapter } from '../../test/emulators/hubspot/hubspot-emulator.setup.js';
import { createHubSpotAuth } from './hubspot.auth.js';
import { HubSpotCrmAdapter } from './hubspot-crm.adapter.js';
import { HubSpotAssociationTypes } from './hubspot.mapping.js';

const OAUTH = { clientId: 'hs-client-1', clientSecret: 'hs-client-secret-ABCDEF123456', refreshToken: 'hs-refresh-0a1b2c3d4e5f' };
const BAD_TOKEN = 'pat-na1-wrong-token-zzzz';
const noWait = async () => {};

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('HubSpot adapter on its emulator: cost, retries, OAuth, redaction', () => {
  let emulator: HubSpotEmulator;
  const log = capturingLogger();
  const errors: string[] = [];
  const logger: KitLogger = log.logger;

  function oauthAdapter(connectionId: string, store: InMemoryTokenStore): HubSpotCrmAdapter {
    const auth = createHubSpotAuth({ kind: 'oauth', ...OAUTH }, { connectionId, baseUrl: emulator.url, tokenStore: store });
    return new HubSpotCrmAdapter({ connectionId, auth, baseUrl: emulator.url, logger, sleep: noWait });
  }

  beforeAll(async () => {
    emulator = await emulatorWithCompanies({ accessTokens: [PRIVATE_APP_TOKEN], oauth: { clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret, refreshTokens: [OAUTH.refreshToken] } });
  });
  afterAll(async () => {
    // No token, refresh token or client secret in any log line or error message seen by these tests.
    const text = [...log.lines, ...errors].join('\n');
    expect(log.lines.length).toBeGreaterThan(0);
    for (const secret of [PRIVATE_APP_TOKEN, OAUTH.refreshToken, OAUTH.clientSecret, BAD_TOKEN]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/emu-access-[0-9a-f-]{36}/);
    await emulator.close();
  });

  it('reads 100 deals with their contacts and companies in 3 upstream calls (list + 2 batch reads)', async () => {
    const port = privateAppAdapter(emulator, 'conn-cost');
    for (let i = 0; i < 100; i += 1) {
      const company = emulator.seed('companies', { name: `Cost Co ${i}`, domain: `cost-${i}.example` });
      const contact = emulator.seed('contacts', { email: `cost-${i}@cost.example`, firstname: `C${i}` }, [{ type: 'companies', id: company.id, typeId: HubSpotAssociationTypes.contactToCompany }]);
      emulator.seed('deals', { dealname: `Cost deal ${i}`, amount: `${i}.50`, deal_currency_code: 'EUR', pipeline: 'default', dealstage: 'qualifiedtobuy' }, [
        { type: 'contacts', id: contact.id, typeId: HubSpotAssociationTypes.dealToContact },
        { type: 'companies', id: company.id, typeId: HubSpotAssociationTypes.dealToCompany },
      ]);
    }
    emulator.resetCounts();
    const page = await port.listDeals({ first: 100 });
    const deals = page.items.map((i) => i.node);
    expect(deals).toHaveLength(100);
    const contacts = await port.getContacts(deals.map((d) => d.contactId ?? ''));
    const companies = await port.getCompanies(deals.map((d) => d.companyId ?? ''));
    expect(contacts.every((c) => c !== null)).toBe(true);
    expect(companies.every((c) => c !== null)).toBe(true);
    expect(contacts[7]?.email).toBe('cost-7@cost.example');
    expect(deals[7]?.amount).toEqual({ amount: '7.50', currency: 'EUR' });
    expect(emulator.apiCalls()).toBe(3);
    expect(emulator.count('GET /crm/v3/objects/deals')).toBe(1);
    expect(emulator.count('POST /crm/v3/objects/contacts/batch/read')).toBe(1);
    expect(emulator.count('POST /crm/v3/objects/companies/batch/read')).toBe(1);

    // By id (DataLoader path): HubSpot's batch read returns no associations, so deals cost 3 calls (batch
    // read + deal->contact + deal->company association batch reads), then 1 + 1 for contacts and companies.
    emulator.resetCounts();
    const byId = await port.getDeals(deals.map((d) => d.id));
    expect(byId.map((d) => d?.contactId)).toEqual(deals.map((d) => d.contactId));
    await port.getContacts(byId.map((d: Deal | null) => d?.contactId ?? ''));
    await port.getCompanies(byId.map((d: Deal | null) => d?.companyId ?? ''));
    expect(emulator.apiCalls()).toBe(5);
    expect(emulator.count('POST /crm/v3/objects/deals/batch/read')).toBe(1);
  });

  it('waits out a 429 with Retry-After: 2 and succeeds', async () => {
    const sleeps: number[] = [];
    const port = privateAppAdapter(emulator, 'conn-429', { sleep: async (ms) => void sleeps.push(ms), logger });
    emulator.failNext(1, 429, { 'Retry-After': '2' });
    emulator.resetCounts();
    const pipelines = await port.listPipelines();
    expect(pipelines[0]?.stages.length).toBeGreaterThan(1);
    expect(sleeps).toEqual([2000]);
    expect(emulator.count('GET /crm/v3/pipelines/deals')).toBe(2);
  });

  it('gives upstream_unavailable after five 503s in a row, and the next call works', async () => {
    const port = privateAppAdapter(emulator, 'conn-503', { sleep: noWait, logger });
    emulator.failNext(5, 503);
    emulator.resetCounts();
    const error = await failure(port.listPipelines());
    errors.push(error.message);
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('hubspot GET /crm/v3/pipelines/deals');
    expect(emulator.apiCalls()).toBe(5);
    expect((await port.listPipelines()).length).toBeGreaterThan(0);
  });

  it('does not retry a create (POST without idempotency key) on a 503', async () => {
    const port = privateAppAdapter(emulator, 'conn-503-post', { sleep: noWait, logger });
    emulator.failNext(1, 503);
    emulator.resetCounts();
    const error = await failure(port.createContact({ email: 'no-retry@example.test' }));
    errors.push(error.message);
    expect(error.code).toBe('upstream_unavailable');
    expect(emulator.count('POST /crm/v3/objects/contacts')).toBe(1);
    expect(await port.findContactsByEmails(['no-retry@example.test'])).toEqual([null]);
  });

  it('times out a slow answer and retries it', async () => {
    const port = privateAppAdapter(emulator, 'conn-slow', { sleep: noWait, logger, timeoutMs: 100 });
    emulator.slowNext(1, 400);
    emulator.resetCounts();
    expect((await port.listPipelines()).length).toBeGreaterThan(0);
    expect(emulator.count('GET /crm/v3/pipelines/deals')).toBe(2);
  });

  it('refreshes an expired access token exactly once for 20 concurrent calls', async () => {
    const store = new InMemoryTokenStore({ accessToken: 'stale-token-not-known', refreshToken: OAUTH.refreshToken, expiresAt: Date.now() - 1000 });
    const port = oauthAdapter('conn-oauth-expired', store);
    const before = emulator.refreshCalls;
    const pages = await Promise.all(Array.from({ length: 20 }, () => port.listCompanies({ first: 2 })));
    expect(pages.every((p) => p.items.length === 2)).toBe(true);
    expect(emulator.refreshCalls - before).toBe(1);
    expect(store.saves).toBe(1);
  });

  it('refreshes exactly once when HubSpot expires a token early (20 concurrent 401s)', async () => {
    const store = new InMemoryTokenStore({ accessToken: '', refreshToken: OAUTH.refreshToken, expiresAt: 0 });
    const port = oauthAdapter('conn-oauth-revoked', store);
    await port.listPipelines();
    emulator.expireAccessTokens();
    const before = emulator.refreshCalls;
    await Promise.all(Array.from({ length: 20 }, () => port.listCompanies({ first: 1 })));
    expect(emulator.refreshCalls - before).toBe(1);
  });

  it('marks the connection NEEDS_REAUTH when HubSpot rejects the refresh token, and says to reconnect', async () => {
    const store = new InMemoryTokenStore({ accessToken: 'whatever-old-token', refreshToken: OAUTH.refreshToken, expiresAt: 0 });
    const port = oauthAdapter('conn-oauth-dead', store);
    emulator.rejectRefresh = true;
    try {
      const error = await failure(port.listContacts({ first: 1 }));
      errors.push(error.message);
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/HubSpot connection needs to be re-authorised: reconnect it/);
      expect(store.needsReauth).toMatch(/rejected the refresh token/);
    } finally {
      emulator.rejectRefresh = false;
    }
  });

  it('answers unauthorized for a bad private-app token, with HubSpot\'s message and no token', async () => {
    const port = new HubSpotCrmAdapter({ connectionId: 'conn-bad', auth: bearerToken(BAD_TOKEN), baseUrl: emulator.url, logger });
    const error = await failure(port.listContacts({ first: 1 }));
    errors.push(error.message);
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(BAD_TOKEN);
  });
});
