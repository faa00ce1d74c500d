import { JOINS_UNIT_OF_WORK } from '@bizosaas/domain';

/**
 * Counts every call an adapter receives, by tenant, port, provider and method, with errors and time
 * spent. The tests use it to prove batching (one `getContacts` for 50 deals); `/metrics` will export it.
 */
export interface PortCallStats {
  calls: number;
  errors: number;
  totalMs: number;
}

export class PortMetrics {
  private readonly stats = new Map<string, PortCallStats>();

  record(labels: PortCallLabels, durationMs: number, failed: boolean): void {
    const key = keyOf(labels);
    const entry = this.stats.get(key) ?? { calls: 0, errors: 0, totalMs: 0 };
    entry.calls += 1;
    entry.totalMs += durationMs;
    if (failed) entry.errors += 1;
    this.stats.set(key, entry);
  }

  /** Calls matching every given label. */
  calls(filter: Partial<PortCallLabels>): number {
    let total = 0;
    for (const [key, entry] of this.stats) {
      if (matches(parseKey(key), filter)) total += entry.calls;
    }
    return total;
  }

  /** A snapshot of all counters, for export. */
  snapshot(): { labels: PortCallLabels; stats: PortCallStats }[] {
    return [...this.stats].map(([key, stats]) => ({ labels: parseKey(key), stats: { ...stats } }));
  }

  reset(): void {
    this.stats.clear();
  }
}

export interface PortCallLabels {
  readonly tenantId: string;
  readonly port: string;
  readonly provider: string;
  readonly method: string;
}

const SEPARATOR = '\u0000';

function keyOf(labels: PortCallLabels): string {
  return [labels.tenantId, labels.port, labels.provider, labels.method].join(SEPARATOR);
}

function parseKey(key: string): PortCallLabels {
  const [tenantId = '', port = '', provider = '', method = ''] = key.split(SEPARATOR);
  return { tenantId, port, provider, method };
}

function matches(labels: PortCallLabels, filter: Partial<PortCallLabels>): boolean {
  return (Object.keys(filter) as (keyof PortCallLabels)[]).every((k) => filter[k] === undefined || filter[k] === labels[k]);
}

/** Wraps every method of `adapter` so each call is recorded in `metrics`; `marks` answers `JOINS_UNIT_OF_WORK`. */
export function instrumentAdapter<T extends object>(adapter: T, metrics: PortMetrics, labels: Omit<PortCallLabels, 'method'>, marks: { readonly joinsUnitOfWork?: boolean } = {}): T {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      // The factory's word on whether writes join the outbox's transaction (OutboxPort.commit reads it).
      if (property === JOINS_UNIT_OF_WORK) return marks.joinsUnitOfWork === true;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        let failed = false;
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          metrics.record({ ...labels, method: property }, performance.now() - started, failed);
        }
      };
    },
  });
}

/**
 * Prometheus text exposition of the port calls, summed over tenants: tenant ids stay out of a page that
 * monitoring systems scrape and keep.
 */
export function renderPortMetrics(metrics: PortMetrics): string {
  const totals = new Map<string, PortCallStats & { port: string; provider: string; method: string }>();
  for (const { labels, stats } of metrics.snapshot()) {
    const key = `${labels.port}|${labels.provider}|${labels.method}`;
    const entry = totals.get(key) ?? { port: labels.port, provider: labels.provider, method: labels.method, calls: 0, errors: 0, totalMs: 0 };
    entry.calls += stats.calls;
    entry.errors += stats.errors;
    entry.totalMs += stats.totalMs;
    totals.set(key, entry);
  }
  const lines = [
    '# HELP bizosaas_port_calls_total Calls to adapters through their ports.',
    '# TYPE bizosaas_port_calls_total counter',
    '# HELP bizosaas_port_errors_total Port calls that raised an error.',
    '# TYPE bizosaas_port_errors_total counter',
    '# HELP bizosaas_port_seconds_total Time spent in port calls.',
    '# TYPE bizosaas_port_seconds_total counter',
  ];
  for (const entry of totals.values()) {
    const labels = `port="${entry.port}",provider="${entry.provider}",method="${entry.method}"`;
    lines.push(`bizosaas_port_calls_total{${labels}} ${entry.calls}`, `bizosaas_port_errors_total{${labels}} ${entry.errors}`, `bizosaas_port_seconds_total{${labels}} ${(entry.totalMs / 1000).toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
