import { PrometheusConnectorMetrics } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ga4Emulator } from '../../test/emulators/ga4/ga4-emulator.js';
import { GA4_KNOWN, ga4Connection, seededGa4 } from '../../test/emulators/ga4/ga4-emulator.setup.js';

const PAGE_METRICS = ['screenPageViews', 'activeUsers', 'sessions', 'engagementRate'];

describe('GA4 connector on its emulator: calls, tokens, quota', () => {
  let emulator: Ga4Emulator;
  beforeAll(async () => {
    emulator = await seededGa4();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounts();
    emulator.hourlyRemaining = 39_000;
    emulator.dailyRemaining = 190_000;
  });

  it('figures for 50 pages (what Content.analytics asks for one response) cost one runReport call', async () => {
    const { port } = ga4Connection(emulator, 'conn-ga4-fifty');
    const paths = Array.from({ length: 50 }, (_, i) => `/page-${i + 1}`);
    const report = await port.runReport({ metrics: PAGE_METRICS, dimensions: ['pagePath'], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate, filters: { pagePath: paths } });
    expect(emulator.count('runReport')).toBe(1);
    expect(emulator.count('token')).toBe(1);
    expect(report.rows).toHaveLength(50);
    const first = emulator.rows.filter((row) => row.pagePath === '/page-1').reduce((sum, row) => sum + row.screenPageViews, 0);
    expect(report.rows.find((row) => row.dimensions[0] === '/page-1')?.metrics[0]).toBe(String(first));
  });

  it('runReports for 7 requests costs two batchRunReports calls (5 per call)', async () => {
    const { port } = ga4Connection(emulator, 'conn-ga4-batch');
    const request = (day: string) => ({ metrics: ['sessions'], dimensions: ['pagePath'], startDate: day, endDate: day });
    const reports = await port.runReports(['01', '02', '03', '04', '05', '06', '07'].map((d) => request(`2026-11-${d}`)));
    expect(reports).toHaveLength(7);
    expect(emulator.count('batchRunReports')).toBe(2);
    expect(emulator.count('runReport')).toBe(0);
  });

  it('concurrent first calls exchange the JWT once; a rejected token is exchanged again and the call succeeds', async () => {
    const { port } = ga4Connection(emulator, 'conn-ga4-token');
    const request = { metrics: ['sessions'], dimensions: [], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate };
    await Promise.all([port.runReport(request), port.runReport(request), port.runReport(request)]);
    expect(emulator.count('token')).toBe(1);
    emulator.revokeTokens();
    const again = await port.runReport(request);
    expect(again.rows).toHaveLength(1);
    expect(emulator.count('token')).toBe(2);
  });

  it('a key Google refuses is unauthorized, and the error carries no key material', async () => {
    const { connector, context } = ga4Connection(emulator, 'conn-ga4-badkey');
    const other = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bad = connector.createAdapter({ ...context, credentials: connector.parseCredentials({ clientEmail: emulator.clientEmail, privateKey: other }) });
    const error: unknown = await bad.runReport({ metrics: ['sessions'], dimensions: [], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error instanceof ConnectorError && error.code).toBe('unauthorized');
    expect(String(error instanceof Error ? error.message : '')).not.toContain('PRIVATE KEY');
    expect(emulator.count('runReport')).toBe(0);
  });

  it('an hourly quota near exhaustion delays the next call to the next hour instead of failing it', async () => {
    const waits: number[] = [];
    const { port } = ga4Connection(emulator, 'conn-ga4-quota', async (ms) => {
      waits.push(ms);
    });
    const request = { metrics: ['sessions'], dimensions: [], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate };
    await port.runReport(request);
    expect(waits).toEqual([]);
    emulator.hourlyRemaining = 300;
    await port.runReport(request);
    expect(waits).toEqual([]);
    const report = await port.runReport(request);
    expect(report.rows).toHaveLength(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(3_600_000);
    expect(emulator.count('runReport')).toBe(3);
  });

  it('a call after the hourly quota ran out waits for the hour instead of failing with RESOURCE_EXHAUSTED; /metrics shows the quotas', async () => {
    const metrics = new PrometheusConnectorMetrics();
    const waits: number[] = [];
    // The stand-in for the hour turning: the property's hourly tokens are back when the wait ends.
    const sleep = async (ms: number) => {
      waits.push(ms);
      emulator.hourlyRemaining = 40_000;
    };
    const { port } = ga4Connection(emulator, 'conn-ga4-exhausted', sleep, metrics);
    const request = { metrics: ['sessions'], dimensions: [], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate };
    emulator.hourlyRemaining = 10;
    emulator.dailyRemaining = 50_000;
    await port.runReport(request);
    expect(emulator.hourlyRemaining).toBe(0);
    const text = metrics.render();
    expect(text).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_hour"} 0');
    expect(text).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_day"} 49990');
    expect(text).not.toContain('conn-ga4-exhausted');

    const report = await port.runReport(request);
    expect(report.rows).toHaveLength(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(3_600_000);
    expect(emulator.count('exhausted')).toBe(0);
    expect(emulator.count('runReport')).toBe(2);
    const after = metrics.render();
    expect(after).toContain('bizosaas_connector_quota_waits_total{provider="ga4",quota="tokens_per_hour"} 1');
    expect(after).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_hour"} 39990');
  });

  it('a connection that knows no quota yet meets the emulator\'s 429 as rate_limited (so the test above can fail)', async () => {
    const { port } = ga4Connection(emulator, 'conn-ga4-no-gate', async () => undefined);
    emulator.hourlyRemaining = 0;
    const request = { metrics: ['sessions'], dimensions: [], startDate: GA4_KNOWN.startDate, endDate: GA4_KNOWN.endDate };
    const error: unknown = await port.runReport(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(emulator.count('exhausted')).toBeGreaterThan(0);
  });
});
