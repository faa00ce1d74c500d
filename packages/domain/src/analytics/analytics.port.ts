import type { AnalyticsReport, ReportRequest } from './analytics.entities.js';

/**
 * A tenant's analytics (GA4, sandbox). Read-only.
 *
 * Errors: `ValidationError` naming `metrics[i]` or `dimensions[i]` for names the provider does not know;
 * `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`, `invalid_response`, `misconfigured`).
 */
export interface AnalyticsPort {
  readonly provider: string;
  runReport(request: ReportRequest): Promise<AnalyticsReport>;
  /** Several reports at once: one slot per request in order (GA4 batchRunReports takes 5 per call). */
  runReports(requests: readonly ReportRequest[]): Promise<readonly AnalyticsReport[]>;
}
