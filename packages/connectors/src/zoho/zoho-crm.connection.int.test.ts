import { ConnectorError, ValidationError, type CrmPort } from '@bizosaas/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZohoEmulator } from '../../test/emulators/zoho/zoho-emulator.js';
import type { ZohoModule } from '../../test/emulators/zoho/zoho-emulator.store.js';
import { CapturingLogger, zohoTestConnection } from '../../test/emulators/zoho/zoho-test-connection.js';
import { zohoCrmConnector } from './zoho-crm.connector.js';
import { parseZohoSettings } from './zoho-crm.settings.js';

/** `count` deals, each with its own contact and company, written straight into the emulator. */
function seedDeals(emulator: ZohoEmulator, count: number): string[] {
  const create = (module: ZohoModule, input: Record<string, unknown>): string => {
    const row = emulator.store.create(module, input);
    if ('code' in row) throw new Error(`seed failed: ${row.code}`);
    return row.id;
  };
  const dealIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const account = create('Accounts', { Account_Name: `Company ${i}` });
    const contact = create('Contacts', { Last_Name: `Person ${i}`, Email: `person-${i}@seed.example`, Account_Name: { id: account } });
    dealIds.push(create('Deals', { Deal_Name: `Deal ${i}`, Stage: 'Qualification', Amount: 100 + i, Contact_Name: { id: contact }, Account_Name: { id: account } }));
  }
  return dealIds;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Zoho CRM connection on the emulator', () => {
  let emulator: ZohoEmulator;
  beforeAll(async () => {
    emulator = await ZohoEmulator.start();
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.rejectRefreshTokens = false;
  });

  it('reads 100 deals with their contacts and companies in 3 upstream calls (naively 201)', async () => {
    const { port, context } = zohoTestConnection(emulator);
    const dealIds = seedDeals(emulator, 100).map((id) => Buffer.from(`Deal:${context.connectionId}:${id}`).toString('base64url'));
    emulator.resetCounts();
    const deals = await port.getDeals(dealIds);
    const contacts = await port.getContacts(deals.map((d) => d?.contactId ?? ''));
    const companies = await port.getCompanies(deals.map((d) => d?.companyId ?? ''));
    expect(deals.every((d) => d !== null)).toBe(true);
    expect(contacts.map((c) => c?.lastName)).toEqual(deals.map((_, i) => `Person ${i}`));
    expect(companies.map((c) => c?.name)).toEqual(deals.map((_, i) => `Company ${i}`));
    expect(emulator.apiCalls().map((c) => c.endpoint)).toEqual(['GET /crm/v8/Deals', 'GET /crm/v8/Contacts', 'GET /crm/v8/Accounts']);
  });

  it('splits batch reads at Zoho\'s 100 ids (the emulator refuses more) and answers each slot', async () => {
    const { port, context } = zohoTestConnection(emulator);
    const dealIds = seedDeals(emulator, 150).map((id) => Buffer.from(`Deal:${context.connectionId}:${id}`).toString('base64url'));
    emulator.resetCounts();
    const deals = await port.getDeals([...dealIds, dealIds[0] ?? '']);
    expect(deals).toHaveLength(151);
    expect(deals[150]?.id).toBe(dealIds[0]);
    expect(emulator.count('GET /crm/v8/Deals')).toBe(2);
  });

  it('answers deals of many contacts with one Deals search, not one related-list call per contact', async () => {
    const { port, context } = zohoTestConnection(emulator);
    seedDeals(emulator, 30);
    const contacts = emulator.store.all('Contacts').slice(-30);
    emulator.resetCounts();
    const slots = await port.getDealsForContacts(contacts.map((c) => Buffer.from(`Contact:${context.connectionId}:${c.id}`).toString('base64url')));
    expect(slots.every((deals) => deals.length === 1)).toBe(true);
    expect(emulator.apiCalls().map((c) => c.endpoint)).toEqual(['GET /crm/v8/Deals/search']);
  });

  it('20 concurrent calls with an expired access token cause exactly one refresh', async () => {
    const { port } = zohoTestConnection(emulator, { tokens: 'expired' });
    emulator.resetCounts();
    const pages = await Promise.all(Array.from({ length: 20 }, () => port.listCompanies({ first: 1 })));
    expect(pages.every((p) => p.items.length === 1)).toBe(true);
    expect(emulator.refreshCalls).toBe(1);
  });

  it('a token Zoho stops accepting (401 INVALID_TOKEN) under 20 concurrent calls is refreshed once', async () => {
    const { port, store } = zohoTestConnection(emulator);
    emulator.expireAccessTokens();
    emulator.resetCounts();
    await Promise.all(Array.from({ length: 20 }, () => port.listCompanies({ first: 1 })));
    expect(emulator.refreshCalls).toBe(1);
    expect(emulator.count('GET /crm/v8/Accounts')).toBe(40); // 20 rejected + 20 retried once
    expect(store.saves).toBe(1);
  });

  it('a refresh token Zoho rejects (200 invalid_code) marks the connection NEEDS_REAUTH and tells the caller to reconnect', async () => {
    const { port, store } = zohoTestConnection(emulator, { tokens: 'expired' });
    emulator.rejectRefreshTokens = true;
    emulator.resetCounts();
    const error = await rejection(port.listContacts({ first: 5 }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'zoho' });
    expect((error as Error).message).toMatch(/re-authorised: reconnect/);
    expect(store.needsReauth).toMatch(/rejected the refresh token/);
    expect(emulator.refreshCalls).toBe(1);
    expect(emulator.apiCalls()).toHaveLength(0);
  });

  it('waits out a 429 with Retry-After; five 503s give upstream_unavailable; a failed POST is not retried', async () => {
    const sleeps: number[] = [];
    const { port } = zohoTestConnection(emulator, { connector: { sleep: async (ms) => void sleeps.push(ms) } });
    emulator.inject({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    expect((await port.listCompanies({ first: 1 })).items).toHaveLength(1);
    expect(sleeps).toContain(2000);

    emulator.inject({ kind: 'status', status: 503 }, { times: 5 });
    await expect(port.listCompanies({ first: 1 })).rejects.toMatchObject({ code: 'upstream_unavailable' });

    emulator.resetCounts();
    emulator.inject({ kind: 'status', status: 500 }, { endpoint: 'POST /crm/v8/Contacts' });
    await expect(port.createContact({ email: 'once@post.example' })).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(emulator.count('POST /crm/v8/Contacts')).toBe(1);
  });

  it('survives a slow answer', async () => {
    const { port } = zohoTestConnection(emulator);
    emulator.inject({ kind: 'delay', ms: 300 });
    const started = Date.now();
    expect((await port.listCompanies({ first: 1 })).items).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('maps Zoho write errors: a missing lookup is not_found, a bad Stage is the request\'s error naming the field', async () => {
    const { port } = zohoTestConnection(emulator);
    const [pipeline] = await port.listPipelines();
    await expect(port.createDeal({ title: 'x', pipelineId: pipeline?.id ?? '', stageId: 'No Such Stage' })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/Stage \(stageId\)/),
    });
    await expect(port.updateContact('bad', { jobTitle: 'x' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('testConnection refreshes with the stored refresh token (default token store) and refuses a bad one', async () => {
    const connector = zohoCrmConnector({ allowEmulator: true });
    const context = (refreshToken: string) => ({
      tenantId: 't-zoho',
      connectionId: `conn-test-${refreshToken.length}`,
      settings: { apiDomain: emulator.url, accountsServer: emulator.url },
      credentials: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken },
      sql: { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) },
    });
    emulator.resetCounts();
    await connector.testConnection(context(emulator.refreshToken));
    expect(emulator.refreshCalls).toBe(1);
    expect(emulator.count('GET /crm/v8/Contacts')).toBe(1);
    await expect(connector.testConnection(context('1000.not-the-refresh-token'))).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/reconnect/) });
  });

  it('keeps no token in any log line or error message', async () => {
    const logger = new CapturingLogger();
    const { port, store } = zohoTestConnection(emulator, { tokens: 'expired', logger, connector: { sleep: async () => undefined } });
    const errors: string[] = [];
    const attempt = async (work: (p: CrmPort) => Promise<unknown>) => {
      try {
        await work(port);
      } catch (error) {
        errors.push(error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error));
      }
    };
    await attempt((p) => p.listCompanies({ first: 1 })); // refresh
    emulator.expireAccessTokens();
    await attempt((p) => p.listCompanies({ first: 1 })); // 401 -> refresh -> retry
    emulator.inject({ kind: 'status', status: 503 }, { times: 4 });
    await attempt((p) => p.listCompanies({ first: 1 }));
    await attempt((p) => p.createContact({ email: 'bad', companyId: Buffer.from('Company:conn-zoho-a:1').toString('base64url') }));
    emulator.expireAccessTokens();
    emulator.rejectRefreshTokens = true;
    await attempt((p) => p.listCompanies({ first: 1 }));
    expect(errors.length).toBeGreaterThanOrEqual(3);
    // The kit logged the 401, the retries and the failures: lines that would carry a leaked token.
    expect(logger.lines.some((line) => line.includes('401'))).toBe(true);
    expect(logger.lines.some((line) => line.includes('503'))).toBe(true);
    const secrets = [...emulator.issuedTokens(), emulator.refreshToken, emulator.clientSecret, (await store.load())?.accessToken ?? ''];
    for (const text of [...logger.lines, ...errors]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('Zoho data centres', () => {
  let eu: ZohoEmulator;
  let com: ZohoEmulator;
  beforeAll(async () => {
    [eu, com] = await Promise.all([ZohoEmulator.start({ name: 'eu' }), ZohoEmulator.start({ name: 'com' })]);
  });
  afterAll(async () => {
    await Promise.all([eu.close(), com.close()]);
  });

  it('sends every call of an EU connection, API and token refresh, to the EU domain and none elsewhere', async () => {
    // Even a token answer naming another api_domain does not move the connection.
    eu.tokenApiDomain = com.url;
    const { port } = zohoTestConnection(eu, { tokens: 'expired' });
    const contact = await port.createContact({ email: 'eu@dc.example', lastName: 'Europa' });
    await port.getContacts([contact.id]);
    await port.listContacts({ first: 5 }, { email: 'eu@dc.example' });
    const [pipeline] = await port.listPipelines();
    await port.createDeal({ title: 'EU deal', pipelineId: pipeline?.id ?? '', stageId: pipeline?.stages[0]?.id ?? '', contactId: contact.id });
    expect(eu.refreshCalls).toBe(1);
    expect(eu.calls.length).toBeGreaterThanOrEqual(7);
    expect(new Set(eu.calls.map((c) => c.host))).toEqual(new Set([new URL(eu.url).host]));
    expect(com.calls).toHaveLength(0);
  });

  it('refuses settings mixing data centres or naming a host that is not Zoho\'s', () => {
    expect(parseZohoSettings({ apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.eu' })).toMatchObject({ apiDomain: 'https://www.zohoapis.eu', currency: 'USD' });
    expect(() => parseZohoSettings({ apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.com' })).toThrow(ValidationError);
    expect(() => parseZohoSettings({ apiDomain: 'https://evil.example', accountsServer: 'https://accounts.zoho.eu' })).toThrow(/settings.apiDomain/);
    expect(() => parseZohoSettings({ apiDomain: eu.url, accountsServer: eu.url })).toThrow(ValidationError);
  });

  it('takes the API name of a custom Deals field for deal references, and refuses anything else naming the field', () => {
    const domains = { apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.eu' };
    expect(parseZohoSettings({ ...domains, dealReferenceField: 'BizOSaaS_Reference' })).toEqual({ ...domains, currency: 'USD', dealReferenceField: 'BizOSaaS_Reference' });
    expect(parseZohoSettings(domains)).not.toHaveProperty('dealReferenceField');
    expect(() => parseZohoSettings({ ...domains, dealReferenceField: 'BizOSaaS Reference' })).toThrow(/settings\.dealReferenceField.*API name/);
  });
});
