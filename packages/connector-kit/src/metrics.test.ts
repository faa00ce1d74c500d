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
