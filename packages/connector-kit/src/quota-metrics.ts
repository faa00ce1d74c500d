/**
 * A provider's quota as one answer reported it (GA4's `propertyQuota`, ...): what is left of one kind of
 * quota for one connection, and when that window starts afresh.
 */
export interface QuotaObservation {
  readonly provider: string;
  /** Kept only to take the lowest remainder across connections; never rendered. */
  readonly connectionId: string;
  /** Quota kind in snake case, e.g. `tokens_per_hour`, `tokens_per_day`. */
  readonly quota: string;
  readonly remaining: number;
  /** What the answer itself consumed, when the provider says. */
  readonly consumed?: number;
  /** Epoch ms when the window resets; the observation is dropped after that. */
  readonly resetsAt?: number;
}

/** A call held back because a quota was near exhaustion. */
export interface QuotaWait {
  readonly provider: string;
  readonly quota: string;
  readonly waitMs: number;
}

interface Seen {
  readonly remaining: number;
  readonly resetsAt: number;
}

/**
 * Quota gauges and counters, per provider and quota kind (no tenant or connection label):
 * `bizosaas_connector_quota_remaining` is the lowest remainder any connection last reported in a window
 * that has not reset yet (the connection closest to running out is the one to watch);
 * `_quota_consumed_total` sums what answers said they consumed; `_quota_waits_total` and
 * `_quota_wait_seconds_total` count the calls held back before a quota ran out, and for how long.
 */
export class QuotaMetrics {
  private readonly seen = new Map<string, Map<string, Seen>>();
  private readonly consumed = new Map<string, number>();
  private readonly waits = new Map<string, number>();
  private readonly waitSeconds = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  observe(o: QuotaObservation): void {
    const key = labels({ provider: o.provider, quota: o.quota });
    const byConnection = this.seen.get(key) ?? new Map<string, Seen>();
    byConnection.set(o.connectionId, { remaining: o.remaining, resetsAt: o.resetsAt ?? Number.POSITIVE_INFINITY });
    this.seen.set(key, byConnection);
    if (o.consumed !== undefined) this.consumed.set(key, (this.consumed.get(key) ?? 0) + o.consumed);
  }

  waited(w: QuotaWait): void {
    const key = labels({ provider: w.provider, quota: w.quota });
    this.waits.set(key, (this.waits.get(key) ?? 0) + 1);
    this.waitSeconds.set(key, (this.waitSeconds.get(key) ?? 0) + w.waitMs / 1000);
  }

  render(lines: string[]): void {
    const now = this.now();
    lines.push('# HELP bizosaas_connector_quota_remaining Lowest quota remainder reported by any connection, per provider and quota kind.');
    lines.push('# TYPE bizosaas_connector_quota_remaining gauge');
    for (const [key, byConnection] of this.seen) {
      for (const [connection, seen] of byConnection) if (seen.resetsAt <= now) byConnection.delete(connection);
      const lowest = Math.min(...[...byConnection.values()].map((s) => s.remaining));
      if (Number.isFinite(lowest)) lines.push(`bizosaas_connector_quota_remaining{${key}} ${lowest}`);
    }
    counter(lines, 'bizosaas_connector_quota_consumed_total', 'Quota consumed, as the provider reported it per answer.', this.consumed);
    counter(lines, 'bizosaas_connector_quota_waits_total', 'Calls held back because a quota was near exhaustion.', this.waits);
    counter(lines, 'bizosaas_connector_quota_wait_seconds_total', 'Time calls were held back for quotas.', this.waitSeconds);
  }
}

/** Prometheus label text, values escaped. */
export function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

export function counter(lines: string[], name: string, help: string, values: Map<string, number>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  for (const [key, value] of values) lines.push(`${name}{${key}} ${value}`);
}
