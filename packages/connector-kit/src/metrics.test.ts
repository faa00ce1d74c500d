import { describe, expect, it } from 'vitest';
import { PrometheusConnectorMetrics } from './metrics.js';

describe('PrometheusConnectorMetrics', () => {
  it('renders calls, errors, retries and latency per provider', () => {
    const metrics = new PrometheusConnectorMetrics();
    const base = { provider: 'hubspot', connectionId: 'c', method: 'GET', path: '/x', attempt: 1 };
    metrics.record({ ...base, status: 503, durationMs: 120, retried: true });
    metrics.record({ ...base, status: 200, durationMs: 40, retried: false });
    metrics.record({ ...base, status: 'network', durationMs: 3000, retried: false });
    const text = metrics.render();
    expect(text).toContain('bizosaas_connector_calls_total{provider="hubspot",status="200"} 1');
    expect(text).toContain('bizosaas_connector_errors_total{provider="hubspot",status="503"} 1');
    expect(text).toContain('bizosaas_connector_errors_total{provider="hubspot",status="network"} 1');
    expect(text).not.toContain('bizosaas_connector_errors_total{provider="hubspot",status="200"}');
    expect(text).toContain('bizosaas_connector_retries_total{provider="hubspot"} 1');
    expect(text).toContain('bizosaas_connector_latency_seconds_bucket{provider="hubspot",le="0.05"} 1');
    expect(text).toContain('bizosaas_connector_latency_seconds_count{provider="hubspot"} 3');
  });
});

describe('PrometheusConnectorMetrics quotas', () => {
  it('renders the lowest remainder per provider and quota kind, without connection ids, and drops windows that reset', () => {
    let now = Date.UTC(2026, 11, 6, 8, 10);
    const metrics = new PrometheusConnectorMetrics(() => now);
    const hourEnd = Date.UTC(2026, 11, 6, 9, 0);
    metrics.recordQuota({ provider: 'ga4', connectionId: 'conn-secret-a', quota: 'tokens_per_hour', remaining: 30_000, consumed: 12, resetsAt: hourEnd });
    metrics.recordQuota({ provider: 'ga4', connectionId: 'conn-secret-b', quota: 'tokens_per_hour', remaining: 900, consumed: 8, resetsAt: hourEnd });
    metrics.recordQuota({ provider: 'ga4', connectionId: 'conn-secret-a', quota: 'tokens_per_day', remaining: 150_000, resetsAt: hourEnd + 20 * 3_600_000 });
    metrics.recordQuotaWait({ provider: 'ga4', quota: 'tokens_per_hour', waitMs: 1_500 });
    const text = metrics.render();
    expect(text).toContain('# TYPE bizosaas_connector_quota_remaining gauge');
    expect(text).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_hour"} 900');
    expect(text).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_day"} 150000');
    expect(text).toContain('bizosaas_connector_quota_consumed_total{provider="ga4",quota="tokens_per_hour"} 20');
    expect(text).toContain('bizosaas_connector_quota_waits_total{provider="ga4",quota="tokens_per_hour"} 1');
    expect(text).toContain('bizosaas_connector_quota_wait_seconds_total{provider="ga4",quota="tokens_per_hour"} 1.5');
    expect(text).not.toContain('conn-secret');
    now = hourEnd + 1;
    const later = metrics.render();
    expect(later).not.toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_hour"}');
    expect(later).toContain('bizosaas_connector_quota_remaining{provider="ga4",quota="tokens_per_day"} 150000');
  });
});
