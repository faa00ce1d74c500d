import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxAnalyticsAdapter } from './sandbox-analytics.adapter.js';
import { sandboxAnalyticsMigrations } from './sandbox-analytics.migrations.js';
import { buildSandboxAnalyticsSeed, seedSandboxAnalyticsDataset } from './sandbox-analytics.seed.js';

describe('seedSandboxAnalyticsDataset and the sandbox analytics on the embedded PostgreSQL', () => {
  let database: TestDatabase;
  const adapter = (dataset: string) => new SandboxAnalyticsAdapter({ sql: database.sql, dataset, connectionId: `c-${dataset}` });
  const seeded = buildSandboxAnalyticsSeed('acme');
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxAnalyticsMigrations);
  });
  afterAll(() => database.close());

  it('seeds once and does nothing the second time', async () => {
    expect(await seedSandboxAnalyticsDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual({ seeded: true, rows: seeded.length });
    expect(await seedSandboxAnalyticsDataset(database.sql, 'acme-demo', { profile: 'acme' })).toMatchObject({ seeded: false });
  });

  it('moves the same traffic to end on a given date', async () => {
    await seedSandboxAnalyticsDataset(database.sql, 'acme-shifted', { profile: 'acme', endDate: '2027-03-10' });
    const byDate = await adapter('acme-shifted').runReport({ metrics: ['screenPageViews'], dimensions: ['date'], startDate: '2026-01-01', endDate: '2027-12-31' });
    const dates = byDate.rows.map((row) => row.dimensions[0]);
    expect(dates.at(-1)).toBe('2027-03-10');
    const total = byDate.rows.reduce((sum, row) => sum + Number(row.metrics[0]), 0);
    expect(total).toBe(seeded.reduce((sum, row) => sum + row.screenPageViews, 0));
  });

  it('answers the seeded totals and a period engagement rate with 4 decimals', async () => {
    const sum = (pick: (row: (typeof seeded)[number]) => number) => seeded.reduce((total, row) => total + pick(row), 0);
    const report = await adapter('acme-demo').runReport({
      metrics: ['screenPageViews', 'sessions', 'engagedSessions', 'engagementRate'], dimensions: [], startDate: '2026-01-01', endDate: '2026-12-31',
    });
    const sessions = sum((row) => row.sessions);
    const engaged = sum((row) => row.engagedSessions);
    expect(report.rows).toEqual([{ dimensions: [], metrics: [String(sum((row) => row.screenPageViews)), String(sessions), String(engaged), (engaged / sessions).toFixed(4)] }]);
    expect(report.rowCount).toBe(1);
  });

  it('groups by country in name order, filters by date and counts groups beyond the limit', async () => {
    const port = adapter('acme-demo');
    const byCountry = await port.runReport({ metrics: ['activeUsers'], dimensions: ['country'], startDate: '2026-11-24', endDate: '2026-11-24', filters: { date: '2026-11-24' }, limit: 2 });
    expect(byCountry.rows.map((row) => row.dimensions[0])).toEqual(['France', 'Germany']);
    expect(byCountry.rowCount).toBe(5);
    const expected = seeded.filter((row) => row.date === '2026-11-24' && row.country === 'France').reduce((total, row) => total + row.activeUsers, 0);
    expect(byCountry.rows[0]?.metrics).toEqual([String(expected)]);
  });

  it('answers no rows for a range or dataset without data', async () => {
    const empty = await adapter('no-such-dataset').runReport({ metrics: ['sessions', 'engagementRate'], dimensions: [], startDate: '2026-01-01', endDate: '2026-01-31' });
    expect(empty).toMatchObject({ rows: [], rowCount: 0, metricHeaders: ['sessions', 'engagementRate'] });
    const before = await adapter('acme-demo').runReport({ metrics: ['sessions'], dimensions: ['date'], startDate: '2020-01-01', endDate: '2020-12-31' });
    expect(before.rows).toEqual([]);
  });

  it('validates every request of a batch before running any, naming requests[i]', async () => {
    const good = { metrics: ['sessions'], dimensions: [], startDate: '2026-11-01', endDate: '2026-11-24' };
    await expect(adapter('acme-demo').runReports([good, { ...good, metrics: ['nope'] }, { ...good, endDate: '2026-10-01' }])).rejects.toMatchObject({
      name: 'ValidationError',
      violations: [expect.objectContaining({ field: 'requests[1].metrics[0]' }), expect.objectContaining({ field: 'requests[2].endDate' })],
    });
  });
});
