import { ValidationError, type ReportRequest } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { reportFromRows } from './sandbox-analytics.mapping.js';
import { buildReportQuery, validateReportRequest } from './sandbox-analytics.query.js';

const base: ReportRequest = { metrics: ['screenPageViews'], dimensions: ['date'], startDate: '2026-10-01', endDate: '2026-10-31' };

function violationsOf(request: ReportRequest): { field: string; reason: string }[] {
  try {
    validateReportRequest(request);
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => ({ field: v.field, reason: v.reason }));
    throw error;
  }
  return [];
}

describe('sandbox analytics request validation', () => {
  it('accepts a well-formed request', () => {
    expect(violationsOf({ ...base, metrics: ['engagementRate', 'sessions'], dimensions: ['country', 'pagePath'], filters: { country: ['Canada'] }, limit: 5 })).toEqual([]);
  });

  it('names metrics[i] and dimensions[i] with the supported names', () => {
    const found = violationsOf({ ...base, metrics: ['screenPageViews', 'bounceRate'], dimensions: ['city'] });
    expect(found.map((v) => v.field)).toEqual(['metrics[1]', 'dimensions[0]']);
    expect(found[0]?.reason).toContain('screenPageViews, activeUsers, sessions, engagedSessions, engagementRate');
    expect(found[1]?.reason).toContain('date, pagePath, country');
  });

  it('refuses repeated names, bad dates, an end before the start, unknown filters and bad limits, all at once', () => {
    expect(violationsOf({ ...base, metrics: ['sessions', 'sessions'], startDate: '2026-02-30', endDate: 'yesterday' }).map((v) => v.field)).toEqual(['metrics[1]', 'startDate', 'endDate']);
    expect(violationsOf({ ...base, startDate: '2026-11-02', endDate: '2026-11-01' })).toEqual([{ field: 'endDate', reason: 'must not be before startDate (2026-11-02)' }]);
    expect(violationsOf({ ...base, metrics: [], filters: { deviceCategory: 'mobile' }, limit: 0 }).map((v) => v.field)).toEqual(['metrics', 'filters.deviceCategory', 'limit']);
  });
});

describe('sandbox analytics report query', () => {
  it('is one grouped, ordered statement with values as parameters', () => {
    const { text, params } = buildReportQuery('demo', { ...base, metrics: ['sessions', 'engagementRate'], dimensions: ['pagePath', 'date'], filters: { country: 'Canada', pagePath: ['/a', '/b'] }, limit: 10 });
    expect(text).toContain('group by 1, 2');
    expect(text).toContain('order by 1, 2');
    expect(text).toContain('page_path = any($5::text[])');
    expect(text).toContain('country = $4');
    expect(text).toMatch(/limit \$6$/);
    expect(params).toEqual(['demo', '2026-10-01', '2026-10-31', 'Canada', ['/a', '/b'], 10]);
  });

  it('answers totals without group by and drops the empty aggregate row', () => {
    const { text } = buildReportQuery('demo', { ...base, dimensions: [] });
    expect(text).not.toContain('group by');
    expect(text).toContain('having count(*) > 0');
  });
});

describe('sandbox analytics report mapping', () => {
  it('maps rows to a report with headers echoing the request and the full group count', () => {
    const request = { ...base, metrics: ['sessions', 'engagementRate'], dimensions: ['date'] };
    const report = reportFromRows([{ d0: '2026-10-01', m0: '12', m1: '0.5833', row_count: 31 }], request, 'conn-1');
    expect(report).toEqual({
      dimensionHeaders: ['date'], metricHeaders: ['sessions', 'engagementRate'], rows: [{ dimensions: ['2026-10-01'], metrics: ['12', '0.5833'] }],
      rowCount: 31, source: { provider: 'sandbox', connectionId: 'conn-1' },
    });
    expect(reportFromRows([], request, 'conn-1').rowCount).toBe(0);
  });

  it('rejects a row of the wrong shape as invalid_response', () => {
    expect(() => reportFromRows([{ d0: '2026-10-01', m0: 12, m1: '1', row_count: 1 }], { ...base, metrics: ['sessions', 'engagementRate'] }, 'c')).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('m0') }),
    );
  });
});
