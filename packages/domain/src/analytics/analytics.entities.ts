/** A report request: metrics over dimensions in a date range. */
export interface ReportRequest {
  /** e.g. `screenPageViews`, `activeUsers`, `engagementRate`. */
  readonly metrics: readonly string[];
  /** e.g. `date`, `pagePath`, `country`. */
  readonly dimensions: readonly string[];
  /** ISO dates, inclusive. */
  readonly startDate: string;
  readonly endDate: string;
  /**
   * Dimension filters, ANDed: a string matches exactly, a list matches any of its values
   * (`{ pagePath: ['/a', '/b'] }`, GA4's inListFilter).
   */
  readonly filters?: Readonly<Record<string, string | readonly string[]>>;
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
