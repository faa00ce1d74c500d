import { counter, labels, QuotaMetrics, type QuotaObservation, type QuotaWait } from './quota-metrics.js';

/** One upstream attempt, as the HTTP client saw it. */
export interface ConnectorCallRecord {
  readonly provider: string;
  readonly connectionId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | 'network';
  readonly attempt: number;
  readonly durationMs: number;
  /** This attempt failed and will be retried. */
  readonly retried: boolean;
}

export interface ConnectorMetrics {
  record(e: ConnectorCallRecord): void;
  /** A quota the provider reported in an answer (GA4's `propertyQuota`). */
  recordQuota?(o: QuotaObservation): void;
  /** A call held back before a quota ran out. */
  recordQuotaWait?(w: QuotaWait): void;
}

const BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Per-provider counters in Prometheus text exposition, served at `/metrics`:
 * `bizosaas_connector_calls_total{provider,status}`, `_errors_total{provider,status}`,
 * `_retries_total{provider}` and the `_latency_seconds{provider}` histogram. Labels stay coarse
 * (no connection or path) to keep cardinality bounded. Quotas: see `QuotaMetrics`.
 */
export class PrometheusConnectorMetrics implements ConnectorMetrics {
  private readonly calls = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly quotas: QuotaMetrics;

  /** `now` decides when a reported quota window has reset (tests). */
  constructor(now: () => number = Date.now) {
    this.quotas = new QuotaMetrics(now);
  }

  recordQuota(o: QuotaObservation): void {
    this.quotas.observe(o);
  }

  recordQuotaWait(w: QuotaWait): void {
    this.quotas.waited(w);
  }

  record(e: ConnectorCallRecord): void {
    const status = String(e.status);
    const key = labels({ provider: e.provider, status });
    bump(this.calls, key);
    if (e.status === 'network' || e.status >= 400) bump(this.errors, key);
    if (e.retried) bump(this.retries, labels({ provider: e.provider }));
    const providerKey = labels({ provider: e.provider });
    const h = this.latency.get(providerKey) ?? { counts: BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 };
    const seconds = e.durationMs / 1000;
    BUCKETS_SECONDS.forEach((bound, i) => {
      if (seconds <= bound) h.counts[i] = (h.counts[i] ?? 0) + 1;
    });
    h.sum += seconds;
    h.count += 1;
    this.latency.set(providerKey, h);
  }

  render(): string {
    const lines: string[] = [];
    counter(lines, 'bizosaas_connector_calls_total', 'Upstream calls by provider and status.', this.calls);
    counter(lines, 'bizosaas_connector_errors_total', 'Upstream calls that failed (4xx, 5xx, network).', this.errors);
    counter(lines, 'bizosaas_connector_retries_total', 'Upstream attempts that were retried.', this.retries);
    lines.push('# HELP bizosaas_connector_latency_seconds Upstream call latency.', '# TYPE bizosaas_connector_latency_seconds histogram');
    for (const [key, h] of this.latency) {
      BUCKETS_SECONDS.forEach((bound, i) => lines.push(`bizosaas_connector_latency_seconds_bucket{${key},le="${bound}"} ${h.counts[i] ?? 0}`));
      lines.push(`bizosaas_connector_latency_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      lines.push(`bizosaas_connector_latency_seconds_sum{${key}} ${h.sum}`);
      lines.push(`bizosaas_connector_latency_seconds_count{${key}} ${h.count}`);
    }
    this.quotas.render(lines);
    return `${lines.join('\n')}\n`;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
