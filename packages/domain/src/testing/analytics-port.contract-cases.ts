import { expect } from 'vitest';
import { ValidationError } from '../shared/errors.js';
import { expectViolation, knownRequest, rowsByDimensions, sumMetric, type AnalyticsPortContractCase } from './analytics-port.contract-helpers.js';

const INTEGER = /^\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The analytics contract: arithmetic that must hold, filters, validation, batch slots and value formats. */
export const analyticsPortContractCases: readonly AnalyticsPortContractCase[] = [
  {
    name: 'a total equals the sum of the same metric over the date dimension',
    async run(env) {
      const filters = { pagePath: env.known.pagePath };
      // Additive metrics only: user counts are de-duplicated over a range by real providers, so they do not add up.
      const metrics = ['screenPageViews', 'sessions'];
      const total = await env.port.runReport(knownRequest(env, metrics, [], { filters }));
      expect(total.rows).toHaveLength(1);
      const byDay = await env.port.runReport(knownRequest(env, metrics, ['date'], { filters }));
      expect(byDay.rows.length).toBeGreaterThanOrEqual(2);
      const views = BigInt(total.rows[0]?.metrics[0] ?? 'NaN');
      expect(views).toBeGreaterThan(0n);
      expect(sumMetric(byDay, 0)).toBe(views);
      expect(sumMetric(byDay, 1)).toBe(BigInt(total.rows[0]?.metrics[1] ?? 'NaN'));
    },
  },
  {
    name: 'a list filter answers the union of the single-value filters',
    async run(env) {
      const paths = await env.port.runReport(knownRequest(env, ['screenPageViews'], ['pagePath'], { limit: 50 }));
      const other = paths.rows.map((row) => row.dimensions[0]).find((path) => path !== undefined && path !== env.known.pagePath);
      if (other === undefined) return env.skip('the setup seeded traffic on one page only');
      const pair = [env.known.pagePath, other];
      const request = (pagePath: string | readonly string[]) => knownRequest(env, ['screenPageViews', 'sessions'], ['pagePath', 'date'], { filters: { pagePath } });
      const both = await env.port.runReport(request(pair));
      const first = await env.port.runReport(request(pair[0] ?? ''));
      const second = await env.port.runReport(request(other));
      expect(first.rows.length).toBeGreaterThan(0);
      expect(second.rows.length).toBeGreaterThan(0);
      expect(both.rows).toHaveLength(first.rows.length + second.rows.length);
      expect(rowsByDimensions(both)).toEqual(new Map([...rowsByDimensions(first), ...rowsByDimensions(second)]));
      expect(both.rows.every((row) => pair.includes(row.dimensions[0] ?? ''))).toBe(true);
    },
  },
  {
    name: 'an unknown metric or dimension raises ValidationError naming metrics[i] / dimensions[i]',
    async run(env) {
      await expectViolation(env.port.runReport(knownRequest(env, ['noSuchMetric'], ['date'])), 'metrics[0]');
      await expectViolation(env.port.runReport(knownRequest(env, ['screenPageViews', 'bogusMetric'], [])), 'metrics[1]');
      await expectViolation(env.port.runReport(knownRequest(env, ['screenPageViews'], ['pagePath', 'noSuchDimension'])), 'dimensions[1]');
    },
  },
  {
    name: 'an endDate before the startDate is refused',
    async run(env) {
      const request = { metrics: ['screenPageViews'], dimensions: [], startDate: env.known.endDate, endDate: '2000-01-01' };
      await expectViolation(env.port.runReport(request), /Date$/);
      await expect(env.port.runReport(request)).rejects.toBeInstanceOf(ValidationError);
    },
  },
  {
    name: 'runReports answers one slot per request, in request order, each equal to its single report',
    async run(env) {
      const requests = [
        knownRequest(env, ['sessions'], ['pagePath']),
        knownRequest(env, ['screenPageViews', 'activeUsers'], []),
        knownRequest(env, ['screenPageViews'], ['date'], { filters: { pagePath: env.known.pagePath } }),
      ];
      const reports = await env.port.runReports(requests);
      expect(reports).toHaveLength(3);
      expect(reports.map((r) => [r.metricHeaders, r.dimensionHeaders])).toEqual(requests.map((r) => [r.metrics, r.dimensions]));
      for (const [i, request] of requests.entries()) {
        const single = await env.port.runReport(request);
        expect(reports[i]?.rows).toEqual(single.rows);
      }
      expect(await env.port.runReports([])).toEqual([]);
    },
  },
  {
    name: 'metric values are decimal strings, dates ISO days in range, rows ordered by the dimensions',
    async run(env) {
      const metrics = ['screenPageViews', 'activeUsers', 'sessions', 'engagedSessions', 'engagementRate'];
      const report = await env.port.runReport(knownRequest(env, metrics, ['date', 'pagePath'], { filters: { pagePath: env.known.pagePath } }));
      expect(report.metricHeaders).toEqual(metrics);
      expect(report.dimensionHeaders).toEqual(['date', 'pagePath']);
      expect(report.rowCount).toBeGreaterThanOrEqual(report.rows.length);
      expect(report.rows.length).toBeGreaterThan(0);
      for (const row of report.rows) {
        expect(row.dimensions).toHaveLength(2);
        expect(row.metrics).toHaveLength(metrics.length);
        const [date, path] = row.dimensions;
        expect(date).toMatch(ISO_DAY);
        expect((date ?? '') >= env.known.startDate && (date ?? '') <= env.known.endDate).toBe(true);
        expect(path).toBe(env.known.pagePath);
        for (const value of row.metrics.slice(0, 4)) expect(value).toMatch(INTEGER);
        const rate = row.metrics[4] ?? '';
        expect(rate).toMatch(DECIMAL);
        expect(Number(rate)).toBeGreaterThanOrEqual(0);
        expect(Number(rate)).toBeLessThanOrEqual(1);
      }
      const dates = report.rows.map((row) => row.dimensions[0] ?? '');
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      const limited = await env.port.runReport(knownRequest(env, ['screenPageViews'], ['date'], { filters: { pagePath: env.known.pagePath }, limit: 1 }));
      expect(limited.rows).toHaveLength(1);
      expect(limited.rows[0]?.dimensions).toEqual([dates[0]]);
    },
  },
];
