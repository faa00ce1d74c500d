import { describe, expect, it } from 'vitest';
import { PortMetrics, instrumentAdapter } from './port-metrics.js';

class FakeAdapter {
  readonly provider = 'sandbox';
  readonly limits = { batch: 50 };
  calls = 0;
  async getContacts(ids: readonly string[]): Promise<string[]> {
    this.calls += 1;
    return ids.map((id) => `contact:${id}`);
  }
  async listDeals(): Promise<never> {
    throw new Error('upstream down');
  }
}

const labels = { tenantId: 'ten_a', port: 'crm', provider: 'sandbox' };

describe('instrumentAdapter', () => {
  it('counts calls per method and returns the method results', async () => {
    const metrics = new PortMetrics();
    const adapter = instrumentAdapter(new FakeAdapter(), metrics, labels);
    await expect(adapter.getContacts(['1', '2'])).resolves.toEqual(['contact:1', 'contact:2']);
    await adapter.getContacts(['3']);
    await adapter.listDeals().catch(() => undefined);
    expect(metrics.calls({ method: 'getContacts' })).toBe(2);
    expect(metrics.calls({ method: 'listDeals' })).toBe(1);
    expect(metrics.calls({})).toBe(3);
  });

  it('calls the method on the adapter itself (this is preserved)', async () => {
    const target = new FakeAdapter();
    const adapter = instrumentAdapter(target, new PortMetrics(), labels);
    await adapter.getContacts(['1']);
    expect(target.calls).toBe(1);
  });

  it('counts errors and rethrows the same error', async () => {
    const metrics = new PortMetrics();
    const adapter = instrumentAdapter(new FakeAdapter(), metrics, labels);
    await expect(adapter.listDeals()).rejects.toThrow('upstream down');
    await adapter.getContacts([]);
    const stats = metrics.snapshot();
    expect(stats.find((s) => s.labels.method === 'listDeals')?.stats).toMatchObject({ calls: 1, errors: 1 });
    expect(stats.find((s) => s.labels.method === 'getContacts')?.stats).toMatchObject({ calls: 1, errors: 0 });
    for (const s of stats) expect(s.stats.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves non-function properties intact', () => {
    const metrics = new PortMetrics();
    const adapter = instrumentAdapter(new FakeAdapter(), metrics, labels);
    expect(adapter.provider).toBe('sandbox');
    expect(adapter.limits).toEqual({ batch: 50 });
    expect(metrics.calls({})).toBe(0);
  });

  it('records the labels it was given', async () => {
    const metrics = new PortMetrics();
    await instrumentAdapter(new FakeAdapter(), metrics, labels).getContacts([]);
    expect(metrics.snapshot().map((s) => s.labels)).toEqual([{ ...labels, method: 'getContacts' }]);
  });
});

describe('PortMetrics', () => {
  it('filters calls by every given label', async () => {
    const metrics = new PortMetrics();
    const a = instrumentAdapter(new FakeAdapter(), metrics, { tenantId: 'ten_a', port: 'crm', provider: 'sandbox' });
    const b = instrumentAdapter(new FakeAdapter(), metrics, { tenantId: 'ten_b', port: 'crm', provider: 'hubspot' });
    await a.getContacts([]);
    await a.getContacts([]);
    await b.getContacts([]);
    await b.listDeals().catch(() => undefined);
    expect(metrics.calls({ tenantId: 'ten_a' })).toBe(2);
    expect(metrics.calls({ tenantId: 'ten_b' })).toBe(2);
    expect(metrics.calls({ provider: 'hubspot', method: 'getContacts' })).toBe(1);
    expect(metrics.calls({ tenantId: 'ten_a', method: 'listDeals' })).toBe(0);
    expect(metrics.calls({ port: 'crm' })).toBe(4);
    expect(metrics.calls({ port: 'cms' })).toBe(0);
  });

  it('snapshots are copies: changing one does not change the counters', () => {
    const metrics = new PortMetrics();
    metrics.record({ ...labels, method: 'm' }, 5, false);
    const [first] = metrics.snapshot();
    if (first) first.stats.calls = 99;
    expect(metrics.calls({ method: 'm' })).toBe(1);
  });

  it('sums duration and errors per label set', () => {
    const metrics = new PortMetrics();
    metrics.record({ ...labels, method: 'm' }, 5, false);
    metrics.record({ ...labels, method: 'm' }, 7, true);
    expect(metrics.snapshot()).toEqual([{ labels: { ...labels, method: 'm' }, stats: { calls: 2, errors: 1, totalMs: 12 } }]);
  });

  it('reset() clears every counter', async () => {
    const metrics = new PortMetrics();
    await instrumentAdapter(new FakeAdapter(), metrics, labels).getContacts([]);
    metrics.reset();
    expect(metrics.calls({})).toBe(0);
    expect(metrics.snapshot()).toEqual([]);
  });
});
