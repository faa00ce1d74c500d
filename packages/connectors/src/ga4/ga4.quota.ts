import { ConnectorError } from '@bizosaas/domain';
import { GA4_QUOTA_WINDOWS, windowEnd, type Ga4QuotaWindow } from './ga4.quota-windows.js';
import type { Ga4PropertyQuota } from './ga4.schemas.js';
import { GA4_PROVIDER } from './ga4.settings.js';

export interface QuotaGateOptions {
  /** Hourly tokens kept in reserve (default 500 of the standard 40,000 per property). */
  readonly hourlyReserve?: number;
  /** Daily tokens kept in reserve (default 2,000 of the standard 200,000 per property). */
  readonly dailyReserve?: number;
  /** Below reserve × this, calls are paced so the rest lasts until the window resets (default 4). */
  readonly paceFactor?: number;
  /** A call is held at most this long; a longer wait fails `rate_limited` naming the reset (default 61 min). */
  readonly maxWaitMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told what each answer reported, per quota kind (metrics). */
  readonly onQuota?: (kind: string, status: { readonly remaining: number; readonly consumed?: number }, resetsAt: number) => void;
  /** Told each time a call is held back (metrics). */
  readonly onWait?: (kind: string, waitMs: number) => void;
}

interface WindowState {
  readonly remaining: number;
  /** Tokens the last answer cost: the pace assumes the next calls cost as much. */
  readonly cost: number;
  readonly resetsAt: number;
}

/**
 * GA4 meters tokens per property and hour, per property and day, and per project and hour; running out
 * turns every call into 429 RESOURCE_EXHAUSTED until the window resets. Each answer carries
 * `propertyQuota`. Once a remainder falls below `reserve × paceFactor`, calls are spaced so that what is
 * left above the reserve lasts until the reset; at the reserve, calls wait for the reset. A call is
 * delayed, not failed, unless the wait would exceed `maxWaitMs` (a daily quota used up in the morning).
 */
export class Ga4QuotaGate {
  private readonly windows = new Map<Ga4QuotaWindow['kind'], WindowState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: QuotaGateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a call may go out: at once unless a quota is near exhaustion. */
  async admit(): Promise<void> {
    const now = this.now();
    let longest: { kind: string; waitMs: number; resetsAt: number } | undefined;
    for (const window of GA4_QUOTA_WINDOWS) {
      const state = this.windows.get(window.kind);
      if (state === undefined) continue;
      if (state.resetsAt <= now) {
        this.windows.delete(window.kind);
        continue;
      }
      const waitMs = this.delayMs(window, state, now);
      if (waitMs > 0 && (longest === undefined || waitMs > longest.waitMs)) longest = { kind: window.kind, waitMs, resetsAt: state.resetsAt };
    }
    if (longest === undefined) return;
    if (longest.waitMs > (this.options.maxWaitMs ?? 61 * 60_000)) {
      throw new ConnectorError('rate_limited', GA4_PROVIDER, `GA4 ${longest.kind} quota of this property is used up until ${new Date(longest.resetsAt).toISOString()}`, {
        retryAfterSeconds: Math.ceil((longest.resetsAt - now) / 1000),
      });
    }
    this.options.onWait?.(longest.kind, longest.waitMs);
    await this.sleep(longest.waitMs);
  }

  /** Reads the quota an answer returned. */
  observe(quota: Ga4PropertyQuota | undefined): void {
    if (quota === undefined) return;
    const now = this.now();
    for (const window of GA4_QUOTA_WINDOWS) {
      const status = quota[window.field];
      if (status?.remaining === undefined) continue;
      const resetsAt = windowEnd(window.window, now);
      this.windows.set(window.kind, { remaining: status.remaining, cost: status.consumed ?? 0, resetsAt });
      this.options.onQuota?.(window.kind, { remaining: status.remaining, ...(status.consumed !== undefined && { consumed: status.consumed }) }, resetsAt);
    }
  }

  private delayMs(window: Ga4QuotaWindow, state: WindowState, now: number): number {
    const reserve = window.window === 'day' ? (this.options.dailyReserve ?? 2_000) : (this.options.hourlyReserve ?? 500);
    const untilReset = state.resetsAt - now;
    if (state.remaining <= reserve) return untilReset;
    if (state.remaining > reserve * (this.options.paceFactor ?? 4) || state.cost <= 0) return 0;
    // Spread the calls the rest above the reserve still affords evenly over the time left.
    const callsLeft = (state.remaining - reserve) / state.cost;
    return Math.ceil(untilReset / Math.max(1, callsLeft));
  }
}
