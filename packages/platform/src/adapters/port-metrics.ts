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

/** Wraps every method of `adapter` so each call is recorded in `metrics`. */
export function instrumentAdapter<T extends object>(adapter: T, metrics: PortMetrics, labels: Omit<PortCallLabels, 'method'>): T {
  return new Proxy(adapter, {
    get(target, property, receiver) {
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
