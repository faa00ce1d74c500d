import type { AnalyticsReport, ReportRequest } from '@bizosaas/domain';
import type { Ga4Report } from './ga4.schemas.js';

/** The most rows GA4 returns in one report (`limit` ceiling). */
export const GA4_MAX_LIMIT = 250_000;

type Ga4Filter = { filter: { fieldName: string; stringFilter?: { matchType: 'EXACT'; value: string }; inListFilter?: { values: string[] } } };

function toFilter(fieldName: string, value: string | readonly string[]): Ga4Filter {
  return typeof value === 'string' ? { filter: { fieldName, stringFilter: { matchType: 'EXACT', value } } } : { filter: { fieldName, inListFilter: { values: [...value] } } };
}

/**
 * Our request as a GA4 `RunReportRequest` body: filters ANDed (`inListFilter` for a list, so 50 pages
 * cost one call), rows ordered by the dimensions in request order, quota returned with the answer.
 */
export function toGa4Request(request: ReportRequest): Record<string, unknown> {
  const filters = Object.entries(request.filters ?? {}).map(([name, value]) => toFilter(name, value));
  return {
    dateRanges: [{ startDate: request.startDate, endDate: request.endDate }],
    metrics: request.metrics.map((name) => ({ name })),
    dimensions: request.dimensions.map((name) => ({ name })),
    ...(filters.length === 1 && { dimensionFilter: filters[0] }),
    ...(filters.length > 1 && { dimensionFilter: { andGroup: { expressions: filters } } }),
    orderBys: request.dimensions.map((dimensionName) => ({ dimension: { dimensionName } })),
    ...(request.limit !== undefined && { limit: String(request.limit) }),
    returnPropertyQuota: true,
  };
}

/** GA4's `date` dimension is `YYYYMMDD`; ours is an ISO day. */
function dimensionValue(name: string, value: string): string {
  return name === 'date' && /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
}

/** A GA4 report as ours: values in request order, dates as ISO days, metric values kept as decimal strings. */
export function fromGa4Report(request: ReportRequest, report: Ga4Report, source: AnalyticsReport['source']): AnalyticsReport {
  const rows = (report.rows ?? []).map((row) => ({
    dimensions: request.dimensions.map((name, i) => dimensionValue(name, row.dimensionValues?.[i]?.value ?? '')),
    metrics: request.metrics.map((_, i) => row.metricValues?.[i]?.value ?? '0'),
  }));
  return { dimensionHeaders: [...request.dimensions], metricHeaders: [...request.metrics], rows, rowCount: report.rowCount ?? rows.length, source };
}
