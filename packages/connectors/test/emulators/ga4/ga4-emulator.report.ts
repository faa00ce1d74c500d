import { z } from 'zod';

/** One seeded day of traffic on one page. */
export interface Ga4SeedRow {
  readonly date: string;
  readonly pagePath: string;
  readonly screenPageViews: number;
  readonly activeUsers: number;
  readonly sessions: number;
  readonly engagedSessions: number;
}

const filterSchema = z.object({
  fieldName: z.string(),
  stringFilter: z.object({ value: z.string() }).optional(),
  inListFilter: z.object({ values: z.array(z.string()) }).optional(),
});
const expressionSchema = z.object({ filter: filterSchema.optional(), andGroup: z.object({ expressions: z.array(z.object({ filter: filterSchema })) }).optional() });

/** The part of `RunReportRequest` the emulator understands. */
export const reportRequestSchema = z.object({
  dateRanges: z.array(z.object({ startDate: z.string(), endDate: z.string() })).min(1),
  metrics: z.array(z.object({ name: z.string() })),
  dimensions: z.array(z.object({ name: z.string() })).optional(),
  dimensionFilter: expressionSchema.optional(),
  limit: z.string().optional(),
  returnPropertyQuota: z.boolean().optional(),
});
export type EmulatedReportRequest = z.infer<typeof reportRequestSchema>;

const DIMENSIONS = new Set(['date', 'pagePath']);
const METRICS = new Set(['screenPageViews', 'activeUsers', 'sessions', 'engagedSessions', 'engagementRate']);

/** GA4's 400 for an unknown name, worded as the real API words it. */
export class UnknownFieldError extends Error {}

/** Computes a report over the seeded rows: filter, group by the dimensions, sum, sort by the dimensions. */
export function computeReport(rows: readonly Ga4SeedRow[], request: EmulatedReportRequest) {
  const dims = (request.dimensions ?? []).map((d) => d.name);
  for (const name of dims) if (!DIMENSIONS.has(name)) throw new UnknownFieldError(`Field ${name} is not a valid dimension.`);
  for (const { name } of request.metrics) if (!METRICS.has(name)) throw new UnknownFieldError(`Field ${name} is not a valid metric.`);
  const range = request.dateRanges[0] ?? { startDate: '', endDate: '' };
  const expression = request.dimensionFilter;
  const filters = expression?.filter ? [expression.filter] : (expression?.andGroup?.expressions.map((e) => e.filter) ?? []);
  const matches = (row: Ga4SeedRow) =>
    row.date >= range.startDate && row.date <= range.endDate &&
    filters.every((f) => {
      const value = f.fieldName === 'date' ? row.date : row.pagePath;
      return f.inListFilter ? f.inListFilter.values.includes(value) : value === f.stringFilter?.value;
    });
  const groups = new Map<string, { keys: string[]; sums: Omit<Ga4SeedRow, 'date' | 'pagePath'> }>();
  for (const row of rows.filter(matches)) {
    const keys = dims.map((d) => (d === 'date' ? row.date.replaceAll('-', '') : row.pagePath));
    const id = JSON.stringify(keys);
    const group = groups.get(id) ?? { keys, sums: { screenPageViews: 0, activeUsers: 0, sessions: 0, engagedSessions: 0 } };
    group.sums = { screenPageViews: group.sums.screenPageViews + row.screenPageViews, activeUsers: group.sums.activeUsers + row.activeUsers, sessions: group.sums.sessions + row.sessions, engagedSessions: group.sums.engagedSessions + row.engagedSessions };
    groups.set(id, group);
  }
  const sorted = [...groups.values()].sort((a, b) => (JSON.stringify(a.keys) < JSON.stringify(b.keys) ? -1 : 1));
  const value = (name: string, s: Omit<Ga4SeedRow, 'date' | 'pagePath'>) =>
    name === 'engagementRate' ? (s.sessions === 0 ? '0' : String(Math.round((s.engagedSessions / s.sessions) * 10_000) / 10_000)) : String(s[name as keyof typeof s]);
  const limit = request.limit ? Number(request.limit) : sorted.length;
  return {
    dimensionHeaders: dims.map((name) => ({ name })),
    metricHeaders: request.metrics.map(({ name }) => ({ name, type: name === 'engagementRate' ? 'TYPE_FLOAT' : 'TYPE_INTEGER' })),
    rows: sorted.slice(0, limit).map((g) => ({ dimensionValues: g.keys.map((v) => ({ value: v })), metricValues: request.metrics.map(({ name }) => ({ value: value(name, g.sums) })) })),
    rowCount: sorted.length,
    kind: 'analyticsData#runReport',
  };
}
