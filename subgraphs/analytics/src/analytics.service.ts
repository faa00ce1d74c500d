import { Violations, type AnalyticsPort, type AnalyticsReport, type ReportRequest } from '@bizosaas/domain';
import DataLoader from 'dataloader';
import { checkDateRange, lastDays } from './analytics.dates.js';

/** Figures of one page path over one range, as `Content.analytics` shows them. */
export interface PageFigures {
  readonly pagePath: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly pageViews: number;
  readonly activeUsers: number;
  readonly sessions: number;
  readonly engagementRate: number;
}

export interface ReportInput {
  readonly metrics: readonly string[];
  readonly dimensions: readonly string[];
  readonly startDate: string;
  readonly endDate: string;
  readonly filters?: readonly { readonly dimension: string; readonly values: readonly string[] }[] | null;
  readonly limit?: number | null;
}

const PAGE_METRICS = ['screenPageViews', 'activeUsers', 'sessions', 'engagementRate'];
const DEFAULT_WINDOW_DAYS = 28;

/**
 * The analytics application service: validates report requests and answers `Content.analytics` for a
 * whole response with one report per date range (all the response's page paths in one list filter).
 */
export class AnalyticsService {
  private readonly pages: DataLoader<{ path: string; startDate: string; endDate: string }, PageFigures, string>;

  constructor(
    private readonly port: AnalyticsPort,
    private readonly now: () => Date,
  ) {
    this.pages = new DataLoader((keys) => this.loadPages(keys), { cacheKeyFn: (key) => `${key.startDate}|${key.endDate}|${key.path}` });
  }

  /** Validates every field (all violations at once), then runs the report on the tenant's provider. */
  runReport(input: ReportInput): Promise<AnalyticsReport> {
    const v = new Violations();
    if (input.metrics.length < 1 || input.metrics.length > 10) v.add('input.metrics', `must list 1 to 10 metrics (got ${input.metrics.length})`);
    if (input.dimensions.length > 9) v.add('input.dimensions', `must list at most 9 dimensions (got ${input.dimensions.length})`);
    checkDateRange(v, 'input.startDate', input.startDate, 'input.endDate', input.endDate);
    const filters: Record<string, string[]> = {};
    for (const [i, filter] of (input.filters ?? []).entries()) {
      if (filter.values.length === 0) v.add(`input.filters[${i}].values`, 'must list at least one value');
      if (filters[filter.dimension]) v.add(`input.filters[${i}].dimension`, `filters "${filter.dimension}" twice; list all values in one filter`);
      filters[filter.dimension] = [...filter.values];
    }
    if (input.limit !== undefined && input.limit !== null && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 10_000)) {
      v.add('input.limit', `must be from 1 to 10000 (got ${input.limit})`);
    }
    v.throwIfAny();
    const request: ReportRequest = {
      metrics: input.metrics,
      dimensions: input.dimensions,
      startDate: input.startDate,
      endDate: input.endDate,
      filters,
      ...(input.limit ? { limit: input.limit } : {}),
    };
    return this.port.runReport(request);
  }

  /** Figures for the path of `url` (batched across the response); null for a missing or unparsable URL. */
  async pageFigures(url: string | null | undefined, range: { startDate?: string | null; endDate?: string | null }): Promise<PageFigures | null> {
    const path = pathOf(url);
    if (!path) return null;
    const defaults = lastDays(this.now(), DEFAULT_WINDOW_DAYS);
    const startDate = range.startDate ?? defaults.startDate;
    const endDate = range.endDate ?? defaults.endDate;
    const v = new Violations();
    checkDateRange(v, 'startDate', startDate, 'endDate', endDate);
    v.throwIfAny();
    return this.pages.load({ path, startDate, endDate });
  }

  private async loadPages(keys: readonly { path: string; startDate: string; endDate: string }[]): Promise<PageFigures[]> {
    const ranges = new Map<string, string[]>();
    for (const key of keys) {
      const range = `${key.startDate}|${key.endDate}`;
      ranges.set(range, [...(ranges.get(range) ?? []), key.path]);
    }
    const figures = new Map<string, PageFigures>();
    for (const [range, paths] of ranges) {
      const [startDate = '', endDate = ''] = range.split('|');
      const unique = [...new Set(paths)];
      const report = await this.port.runReport({ metrics: PAGE_METRICS, dimensions: ['pagePath'], startDate, endDate, filters: { pagePath: unique } });
      for (const row of report.rows) {
        const [pagePath = ''] = row.dimensions;
        const [views = '0', users = '0', sessions = '0', rate = '0'] = row.metrics;
        figures.set(`${range}|${pagePath}`, { pagePath, startDate, endDate, pageViews: Number(views), activeUsers: Number(users), sessions: Number(sessions), engagementRate: Number(rate) });
      }
    }
    // A path without traffic has no row: it gets zeros, not null (the page exists, nobody visited).
    return keys.map(
      (key) =>
        figures.get(`${key.startDate}|${key.endDate}|${key.path}`) ?? { pagePath: key.path, startDate: key.startDate, endDate: key.endDate, pageViews: 0, activeUsers: 0, sessions: 0, engagementRate: 0 },
    );
  }
}

function pathOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
