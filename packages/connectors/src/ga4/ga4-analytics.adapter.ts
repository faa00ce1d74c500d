import { chunks, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError, ValidationError, Violations, type AnalyticsPort, type AnalyticsReport, type ReportRequest } from '@bizosaas/domain';
import { fromGa4Report, GA4_MAX_LIMIT, toGa4Request } from './ga4.mapping.js';
import type { Ga4QuotaGate } from './ga4.quota.js';
import { ga4BatchSchema, ga4ReportSchema, type Ga4Report } from './ga4.schemas.js';
import { GA4_PROVIDER } from './ga4.settings.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** GA4 takes at most 5 requests per batchRunReports call. */
const BATCH = 5;
/** GA4's 400 for an unknown name: "Field noSuchMetric is not a valid metric." */
const UNKNOWN_FIELD = /Field (\S+?) is not a valid (metric|dimension)/;

export interface Ga4AdapterOptions {
  readonly connectionId: string;
  readonly propertyId: string;
  readonly http: ConnectorHttpClient;
  readonly quota: Ga4QuotaGate;
}

/** GA4 (analytics port) on the Data API v1beta: one `runReport` per report, `batchRunReports` for up to 5. */
export class Ga4AnalyticsAdapter implements AnalyticsPort {
  readonly provider = GA4_PROVIDER;
  constructor(private readonly options: Ga4AdapterOptions) {}

  async runReport(request: ReportRequest): Promise<AnalyticsReport> {
    validate(request, '');
    // https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport
    const report = await this.call(`:runReport`, toGa4Request(request), ga4ReportSchema, [request]);
    this.options.quota.observe(report.propertyQuota);
    return fromGa4Report(request, report, this.source());
  }

  async runReports(requests: readonly ReportRequest[]): Promise<readonly AnalyticsReport[]> {
    requests.forEach((request, i) => validate(request, `[${i}].`));
    const out: AnalyticsReport[] = [];
    for (const group of chunks([...requests], BATCH)) {
      // https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/batchRunReports
      const batch = await this.call(`:batchRunReports`, { requests: group.map(toGa4Request) }, ga4BatchSchema, group);
      const reports: Ga4Report[] = batch.reports ?? [];
      if (reports.length !== group.length) throw new ConnectorError('invalid_response', GA4_PROVIDER, `ga4 batchRunReports answered ${reports.length} reports for ${group.length} requests`);
      reports.forEach((report, i) => {
        this.options.quota.observe(report.propertyQuota);
        const request = group[i];
        if (request) out.push(fromGa4Report(request, report, this.source()));
      });
    }
    return out;
  }

  private async call<T>(method: string, body: unknown, schema: import('zod').ZodType<T>, requests: readonly ReportRequest[]): Promise<T> {
    await this.options.quota.admit();
    try {
      const path = `/v1beta/properties/${this.options.propertyId}${method}`;
      // Reports only read: a retried runReport has no side effect.
      return (await this.options.http.request({ method: 'POST', path, body, idempotent: true, docs: 'https://developers.google.com/analytics/devguides/reporting/data/v1' }, schema)).body;
    } catch (error) {
      throw unknownName(error, requests) ?? error;
    }
  }

  private source(): AnalyticsReport['source'] {
    return { provider: GA4_PROVIDER, connectionId: this.options.connectionId };
  }
}

function validate(request: ReportRequest, prefix: string): void {
  const v = new Violations();
  if (request.metrics.length === 0) v.add(`${prefix}metrics`, 'must list at least one metric');
  if (!ISO_DAY.test(request.startDate)) v.add(`${prefix}startDate`, 'must be an ISO day (YYYY-MM-DD)');
  if (!ISO_DAY.test(request.endDate)) v.add(`${prefix}endDate`, 'must be an ISO day (YYYY-MM-DD)');
  else if (request.endDate < request.startDate) v.add(`${prefix}endDate`, 'must not be before startDate');
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > GA4_MAX_LIMIT)) v.add(`${prefix}limit`, `must be from 1 to ${GA4_MAX_LIMIT}`);
  v.throwIfAny();
}

/** GA4's refusal of a metric or dimension name, as a ValidationError naming `metrics[i]` / `dimensions[i]`. */
function unknownName(error: unknown, requests: readonly ReportRequest[]): ValidationError | undefined {
  if (!(error instanceof ConnectorError) || error.code !== 'invalid_request') return undefined;
  const match = UNKNOWN_FIELD.exec(error.message);
  if (!match) return undefined;
  const [, name = '', kind] = match;
  for (const [r, request] of requests.entries()) {
    const list = kind === 'metric' ? request.metrics : request.dimensions;
    const i = list.indexOf(name);
    const prefix = requests.length > 1 ? `[${r}].` : '';
    if (i >= 0) return new ValidationError([{ field: `${prefix}${kind}s[${i}]`, reason: `is not a ${kind} GA4 knows (${name})` }]);
  }
  return undefined;
}
