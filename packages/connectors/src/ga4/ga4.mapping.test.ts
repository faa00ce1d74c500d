import { describe, expect, it } from 'vitest';
import { fromGa4Report, toGa4Request } from './ga4.mapping.js';

const source = { provider: 'ga4', connectionId: 'c1' };

describe('GA4 mapping', () => {
  it('puts a list filter in one inListFilter, ANDs several filters, orders by the dimensions and asks for quota', () => {
    const body = toGa4Request({ metrics: ['sessions'], dimensions: ['date', 'pagePath'], startDate: '2026-11-01', endDate: '2026-11-07', filters: { pagePath: ['/a', '/b'], country: 'DE' }, limit: 20 });
    expect(body).toEqual({
      dateRanges: [{ startDate: '2026-11-01', endDate: '2026-11-07' }],
      metrics: [{ name: 'sessions' }],
      dimensions: [{ name: 'date' }, { name: 'pagePath' }],
      dimensionFilter: { andGroup: { expressions: [
        { filter: { fieldName: 'pagePath', inListFilter: { values: ['/a', '/b'] } } },
        { filter: { fieldName: 'country', stringFilter: { matchType: 'EXACT', value: 'DE' } } },
      ] } },
      orderBys: [{ dimension: { dimensionName: 'date' } }, { dimension: { dimensionName: 'pagePath' } }],
      limit: '20',
      returnPropertyQuota: true,
    });
    const single = toGa4Request({ metrics: ['sessions'], dimensions: [], startDate: '2026-11-01', endDate: '2026-11-01', filters: { pagePath: '/a' } });
    expect(single['dimensionFilter']).toEqual({ filter: { fieldName: 'pagePath', stringFilter: { matchType: 'EXACT', value: '/a' } } });
    expect(single).not.toHaveProperty('limit');
  });

  it('reads rows in request order, turns YYYYMMDD dates into ISO days and keeps decimal strings', () => {
    const request = { metrics: ['sessions', 'engagementRate'], dimensions: ['date', 'pagePath'], startDate: '2026-11-01', endDate: '2026-11-02' };
    const report = fromGa4Report(request, { rows: [{ dimensionValues: [{ value: '20261101' }, { value: '/a' }], metricValues: [{ value: '12' }, { value: '0.4167' }] }], rowCount: 3 }, source);
    expect(report).toEqual({ dimensionHeaders: ['date', 'pagePath'], metricHeaders: ['sessions', 'engagementRate'], rows: [{ dimensions: ['2026-11-01', '/a'], metrics: ['12', '0.4167'] }], rowCount: 3, source });
    expect(fromGa4Report(request, {}, source)).toMatchObject({ rows: [], rowCount: 0 });
  });
});
