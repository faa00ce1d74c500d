import { Violations, type AnalyticsPort, type AnalyticsReport, type ReportRequest, type SqlClient } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { reportFromRows } from './sandbox-analytics.mapping.js';
import { buildReportQuery, collectReportViolations, validateReportRequest } from './sandbox-analytics.query.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection reports come from. */
export interface SandboxAnalyticsAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

/**
 * The sandbox analytics: a read-only `AnalyticsPort` over daily page metrics in the platform database,
 * with GA4's metric and dimension names (`screenPageViews`, `engagementRate`, `pagePath`...). Each report
 * is one aggregate query; metric values are decimal strings.
 */
export class SandboxAnalyticsAdapter implements AnalyticsPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly connectionId: string;

  constructor(options: SandboxAnalyticsAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.connectionId = options.connectionId;
  }

  /**
   * One report in one query. Raises `ValidationError` naming `metrics[i]` / `dimensions[i]` (with the
   * supported names), `startDate` / `endDate` (not ISO days, or end before start), `filters.<name>`, `limit`.
   */
  async runReport(request: ReportRequest): Promise<AnalyticsReport> {
    validateReportRequest(request);
    return this.query(request);
  }

  /**
   * One slot per request, in order. Every request is validated before any runs (fields named
   * `requests[i].metrics[j]`...), then each runs as its own query: the sandbox has no batch endpoint to
   * save, unlike GA4's batchRunReports.
   */
  async runReports(requests: readonly ReportRequest[]): Promise<readonly AnalyticsReport[]> {
    const violations = new Violations();
    requests.forEach((request, i) => collectReportViolations(request, violations, `requests[${i}].`));
    violations.throwIfAny();
    const reports: AnalyticsReport[] = [];
    for (const request of requests) reports.push(await this.query(request));
    return reports;
  }

  private async query(request: ReportRequest): Promise<AnalyticsReport> {
    const { text, params } = buildReportQuery(this.dataset, request);
    const { rows } = await this.sql.query(text, params);
    return reportFromRows(rows, request, this.connectionId);
  }
}
