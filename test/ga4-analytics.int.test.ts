import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ga4Emulator } from '../packages/connectors/test/emulators/ga4/ga4-emulator.js';
import { Ga4Emulator as Emulator } from '../packages/connectors/test/emulators/ga4/ga4-emulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: ANALYTICS, provider: "ga4", settings: $settings, credentials: $credentials) { id provider status } }';
const PAGE = `query($first: Int!) { contentItems(first: $first) { nodes { id url analytics(startDate: "2026-11-01", endDate: "2026-11-03") { pagePath pageViews activeUsers sessions engagementRate } } } }`;

interface Item {
  id: string;
  url: string | null;
  analytics: { pagePath: string; pageViews: number; activeUsers: number; sessions: number; engagementRate: number } | null;
}

// A tenant connected to GA4 (its emulator) through the whole product: Content.analytics for a page of
// items returns the emulator's figures for a single runReport call.
describe('a tenant on Google Analytics 4 through the gateway', () => {
  let ga4: Ga4Emulator;
  let t: TestApp;

  beforeAll(async () => {
    ga4 = await Emulator.start();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await ga4?.close();
  });

  it('is in the connector catalogue with its settings and credential fields', async () => {
    const result = await t.gql(t.key('acme'), '{ connectors(port: ANALYTICS) { provider settingsFields { name } credentialFields { name secret required } } }');
    const entry = result.data.connectors.find((c: { provider: string }) => c.provider === 'ga4');
    expect(entry.settingsFields.map((f: { name: string }) => f.name)).toEqual(['propertyId']);
    expect(entry.credentialFields).toEqual([
      { name: 'clientEmail', secret: false, required: true },
      { name: 'privateKey', secret: true, required: true },
    ]);
  });

  it('answers Content.analytics for a page of 50 items with the emulator\'s figures, in one report call', async () => {
    // The demo tenant has fewer than 50 items: write more through the graph until a page holds 50.
    const existing = await t.gql<{ contentItems: { totalCount: number } }>(t.key('acme'), '{ contentItems(first: 1) { totalCount } }');
    for (let n = existing.data?.contentItems.totalCount ?? 0; n < 50; n += 1) {
      const created = await t.gql(t.key('acme'), 'mutation($input: CreateContentInput!) { createContent(input: $input) { id } }', { input: { kind: 'POST', title: `GA4 page ${n}`, body: '<p>traffic</p>' } });
      expect(created.errors).toBeUndefined();
    }
    const before = await t.gql<{ contentItems: { nodes: Item[] } }>(t.key('acme'), `query($first: Int!) { contentItems(first: $first) { nodes { id url } } }`, { first: 50 });
    expect(before.errors).toBeUndefined();
    const paths = (before.data?.contentItems.nodes ?? []).flatMap((item) => (item.url ? [new URL(item.url).pathname] : []));
    expect(paths).toHaveLength(50);
    for (const [i, pagePath] of paths.entries()) {
      for (const day of ['01', '02', '03']) ga4.rows.push({ date: `2026-11-${day}`, pagePath, screenPageViews: 100 + i, activeUsers: 10 + i, sessions: 20, engagedSessions: 5 });
    }
    const connected = await t.gql(t.key('acme'), CONNECT, {
      settings: { propertyId: ga4.propertyId, apiUrl: ga4.url, tokenUrl: `${ga4.url}/token` },
      credentials: { clientEmail: ga4.clientEmail, privateKey: ga4.privateKey },
    });
    expect(connected.errors).toBeUndefined();
    expect(connected.data.connect).toMatchObject({ provider: 'ga4', status: 'ACTIVE' });
    expect(JSON.stringify(connected)).not.toContain('PRIVATE KEY');
    ga4.resetCounts();

    const result = await t.gql<{ contentItems: { nodes: Item[] } }>(t.key('acme'), PAGE, { first: 50 });
    expect(result.errors).toBeUndefined();
    expect(ga4.count('runReport')).toBe(1);
    const items = (result.data?.contentItems.nodes ?? []).filter((item) => item.url);
    expect(items).toHaveLength(paths.length);
    for (const item of items) {
      const i = paths.indexOf(new URL(item.url ?? '').pathname);
      expect(item.analytics).toEqual({ pagePath: paths[i], pageViews: 3 * (100 + i), activeUsers: 3 * (10 + i), sessions: 60, engagementRate: 0.25 });
    }

    // The property's quota, as the report answered it, is on the gateway's /metrics without tenant or connection ids.
    const metrics = await (await fetch(new URL('/metrics', t.app.gatewayUrl))).text();
    expect(metrics).toContain(`bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_hour"} ${ga4.hourlyRemaining}`);
    expect(metrics).toContain(`bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_day"} ${ga4.dailyRemaining}`);
    expect(metrics).not.toContain(connected.data.connect.id);
    expect(metrics).not.toContain(t.tenantId('acme'));
  });
});
