/** A report request: metrics over dimensions in a date range. */
export interface ReportRequest {
  /** e.g. `screenPageViews`, `activeUsers`, `engagementRate`. */
  readonly metrics: readonly string[];
  /** e.g. `date`, `pagePath`, `country`. */
  readonly dimensions: readonly string[];
  /** ISO dates, inclusive. */
  readonly startDate: string;
  readonly endDate: string;
  /** Exact-match dimension filters, e.g. `{ pagePath: '/blog/launch' }`. */
  readonly filters?: Readonly<Record<string, string>>;
  readonly limit?: number;
}

export interface ReportRow {
  /** One value per requested dimension, in request order. */
  readonly dimensions: readonly string[];
  /** One value per requested metric, in request order, as decimal strings. */
  readonly metrics: readonly string[];
}

/** The result of a report: never an entity of a vendor, always computed for the request. */
export interface AnalyticsReport {
  readonly dimensionHeaders: readonly string[];
  readonly metricHeaders: readonly string[];
  readonly rows: readonly ReportRow[];
  readonly rowCount: number;
  readonly source: { readonly provider: string; readonly connectionId: string };
}
