import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ga4Emulator } from '../../test/emulators/ga4/ga4-emulator.js';
import { GA4_KNOWN, seededGa4 } from '../../test/emulators/ga4/ga4-emulator.setup.js';
import { startGa4Prism } from '../../test/emulators/ga4/ga4-prism.js';
import type { StripePrism } from '../../test/emulators/stripe/stripe-prism.js';
import { ga4AnalyticsConnector } from './ga4.connector.js';

interface Judged {
  readonly path: string;
  readonly status: number;
  readonly violations: string | null;
}

// Every request the GA4 connector sends, judged by Prism against Google's own description of the API.
// The token endpoint is the emulator's (Prism serves the Data API only); Prism's canned answers may not
// satisfy the adapter, so the verdict is Prism's validation, whatever came back.
describe('every GA4 request passes Prism validation against the official spec', () => {
  let prism: StripePrism;
  let emulator: Ga4Emulator;
  const judged: Judged[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin === prism.url) judged.push({ path: url.pathname, status: response.status, violations: response.headers.get('sl-violations') });
    return response;
  };
  const port = (propertyId = emulator.propertyId) => {
    const connector = ga4AnalyticsConnector({ allowEmulator: true, fetch: recording, rateLimiter: { take: async () => undefined }, sleep: async () => undefined });
    const settings = connector.parseSettings({ propertyId, apiUrl: prism.url, tokenUrl: `${emulator.url}/token` });
    const credentials = connector.parseCredentials({ clientEmail: emulator.clientEmail, privateKey: emulator.privateKey });
    return connector.createAdapter({ tenantId: 't-ga4', connectionId: 'conn-ga4-prism', settings, credentials, sql: { query: () => Promise.reject(new Error('no db')), transaction: () => Promise.reject(new Error('no db')) } });
  };
  const settle = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);
  const range = { startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate };

  beforeAll(async () => {
    emulator = await seededGa4();
    prism = await startGa4Prism();
  }, 180_000);
  afterAll(async () => {
    await prism?.stop();
    await emulator?.close();
  });

  it('sends only valid requests from every port method and request shape', async () => {
    // Prism's canned answers report every propertyQuota at -2147483648 remaining, which (rightly) holds the
    // next call of the same connection until the quota resets: a fresh connection per call sends every shape.
    const ga4 = {
      runReport: (request: Parameters<ReturnType<typeof port>['runReport']>[0]) => port().runReport(request),
      runReports: (requests: Parameters<ReturnType<typeof port>['runReports']>[0]) => port().runReports(requests),
    };
    const calls: (() => Promise<unknown>)[] = [
      () => ga4.runReport({ metrics: ['screenPageViews', 'activeUsers', 'sessions', 'engagementRate'], dimensions: ['pagePath'], ...range, filters: { pagePath: Array.from({ length: 50 }, (_, i) => `/p/${i}`) } }),
      () => ga4.runReport({ metrics: ['sessions'], dimensions: ['date', 'pagePath'], ...range, filters: { pagePath: '/blog/hello', country: ['DE', 'FR'] }, limit: 10 }),
      () => ga4.runReport({ metrics: ['activeUsers'], dimensions: [], ...range }),
      // Prism's canned answer is not a report per request, so each batch is its own call.
      () => ga4.runReports(Array.from({ length: 5 }, (_, i) => ({ metrics: ['sessions'], dimensions: ['date'], ...range, limit: i + 1 }))),
      () => ga4.runReports([{ metrics: ['sessions'], dimensions: ['pagePath'], ...range, filters: { pagePath: ['/a', '/b'] } }]),
    ];
    for (const call of calls) await settle(call());
    expect(judged.map((j) => j.path.replace(/\d+:/, '{property}:'))).toEqual([
      '/v1beta/properties/{property}:runReport',
      '/v1beta/properties/{property}:runReport',
      '/v1beta/properties/{property}:runReport',
      '/v1beta/properties/{property}:batchRunReports',
      '/v1beta/properties/{property}:batchRunReports',
    ]);
    expect(judged.filter((j) => j.violations !== null || j.status === 422 || j.status === 401 || j.status === 404)).toEqual([]);
  });

  it('would notice a request that breaks the spec', async () => {
    const response = await fetch(`${prism.url}/v1beta/properties/1:runReport`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ dateRanges: 'last week' }) });
    expect(response.status).toBe(422);
    const said = `${response.headers.get('sl-violations') ?? ''} ${await response.text()}`;
    expect(said).toContain('dateRanges');
  });
});
