import { Violations, type ReportRequest } from '@bizosaas/domain';
import { SqlAssignments } from '../shared/sql-assignments.js';

/** Metrics the sandbox computes, as SQL aggregates over the daily rows; every value comes back as text. */
export const SANDBOX_METRICS: Readonly<Record<string, string>> = {
  screenPageViews: 'sum(screen_page_views)::text',
  // Summed daily actives: GA4 de-duplicates users over a range, the sandbox cannot (it keeps no users).
  activeUsers: 'sum(active_users)::text',
  sessions: 'sum(sessions)::text',
  engagedSessions: 'sum(engaged_sessions)::text',
  // A rate of the period (not an average of daily rates), 4 decimals like GA4's engagementRate.
  engagementRate: `case when sum(sessions) = 0 then '0.0000' else round(sum(engaged_sessions)::numeric / sum(sessions), 4)::text end`,
};

/** Dimensions the sandbox groups by; `date` answers ISO `YYYY-MM-DD`, the canonical form of the port. */
export const SANDBOX_DIMENSIONS: Readonly<Record<string, string>> = {
  date: `to_char(date, 'YYYY-MM-DD')`,
  pagePath: 'page_path',
  country: 'country',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  // Round-tripping rejects impossible dates such as 2026-02-30.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkNames(add: (field: string, reason: string) => void, field: 'metrics' | 'dimensions', names: readonly unknown[], known: Readonly<Record<string, string>>): void {
  const supported = Object.keys(known).join(', ');
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !Object.hasOwn(known, name)) add(`${field}[${i}]`, `is not a supported ${field === 'metrics' ? 'metric' : 'dimension'}; supported: ${supported}`);
    else if (names.indexOf(name) !== i) add(`${field}[${i}]`, `repeats ${name}`);
  });
}

/**
 * Adds every problem of `request` to `violations`, each field prefixed with `prefix` (`requests[2].` in a
 * batch): unknown or repeated metrics and dimensions (`metrics[i]`, `dimensions[i]`), dates that are not
 * ISO days, an `endDate` before `startDate`, filters on unknown dimensions, a limit that is not a positive integer.
 */
export function collectReportViolations(request: ReportRequest, violations: Violations, prefix = ''): void {
  const add = (field: string, reason: string): void => {
    violations.add(`${prefix}${field}`, reason);
  };
  if (!Array.isArray(request.metrics) || request.metrics.length === 0) add('metrics', 'must name at least one metric');
  else checkNames(add, 'metrics', request.metrics, SANDBOX_METRICS);
  if (!Array.isArray(request.dimensions)) add('dimensions', 'must be a list (it may be empty)');
  else checkNames(add, 'dimensions', request.dimensions, SANDBOX_DIMENSIONS);
  const startOk = isIsoDate(request.startDate);
  const endOk = isIsoDate(request.endDate);
  if (!startOk) add('startDate', 'must be an ISO date (YYYY-MM-DD)');
  if (!endOk) add('endDate', 'must be an ISO date (YYYY-MM-DD)');
  if (startOk && endOk && request.endDate < request.startDate) add('endDate', `must not be before startDate (${request.startDate})`);
  for (const [key, value] of Object.entries(request.filters ?? {})) {
    if (!Object.hasOwn(SANDBOX_DIMENSIONS, key)) add(`filters.${key}`, `is not a supported dimension; supported: ${Object.keys(SANDBOX_DIMENSIONS).join(', ')}`);
    else if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      add(`filters.${key}`, 'must be a string or a list of strings');
    }
  }
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 1)) add('limit', 'must be a positive integer');
}

/** Raises `ValidationError` listing every problem of `request` (see `collectReportViolations`). */
export function validateReportRequest(request: ReportRequest): void {
  const violations = new Violations();
  collectReportViolations(request, violations);
  violations.throwIfAny();
}

/**
 * The ONE statement answering a (valid) report request: aggregates with GROUP BY over the dimensions,
 * orders by them, and counts the groups before LIMIT with a window (`row_count`). Columns are `d0..`,
 * `m0..` in request order. Pure; names come from the tables above, values travel as parameters.
 */
export function buildReportQuery(dataset: string, request: ReportRequest): { text: string; params: unknown[] } {
  const sql = new SqlAssignments([dataset]);
  sql.add(`date between ${sql.param(request.startDate)}::date and ${sql.param(request.endDate)}::date`);
  for (const [key, value] of Object.entries(request.filters ?? {})) {
    const column = SANDBOX_DIMENSIONS[key];
    if (column === undefined) continue;
    sql.add(typeof value === 'string' ? `${column} = ${sql.param(value)}` : `${column} = any(${sql.param([...value])}::text[])`);
  }
  const dimensions = request.dimensions.map((name, i) => `${SANDBOX_DIMENSIONS[name] ?? 'null'} as d${i}`);
  const metrics = request.metrics.map((name, i) => `${SANDBOX_METRICS[name] ?? 'null'} as m${i}`);
  const positions = request.dimensions.map((_, i) => String(i + 1)).join(', ');
  const text = [
    `select ${[...dimensions, ...metrics, '(count(*) over ())::int as row_count'].join(', ')}`,
    `from sandbox_analytics_daily_metrics where ${sql.whereClause()}`,
    positions === '' ? '' : `group by ${positions}`,
    // Without dimensions an aggregate answers one row even over no data; a report of no data has no rows.
    'having count(*) > 0',
    positions === '' ? '' : `order by ${positions}`,
    request.limit === undefined ? '' : `limit ${sql.param(request.limit)}`,
  ].filter((part) => part !== '').join(' ');
  return { text, params: sql.params };
}
