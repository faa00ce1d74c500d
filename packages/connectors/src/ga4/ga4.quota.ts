import type { Ga4PropertyQuota } from './ga4.schemas.js';

export interface QuotaGateOptions {
  /** Hourly tokens kept in reserve: at or below this, calls wait for the next hour (default 500 of 40,000 standard). */
  readonly hourlyReserve?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told each time quota is read from an answer (metrics). */
  readonly onQuota?: (quota: Ga4PropertyQuota) => void;
}

const HOUR_MS = 3_600_000;

/**
 * GA4 meters tokens per property and hour; running out turns every call into 429 RESOURCE_EXHAUSTED for
 * the rest of the hour. Each answer carries `propertyQuota`; when the hourly remainder falls to the
 * reserve, the next calls wait for the hour to turn instead of failing.
 */
export class Ga4QuotaGate {
  private resumeAt = 0;
  private readonly reserve: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: QuotaGateOptions = {}) {
    this.reserve = options.hourlyReserve ?? 500;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a call may go out (at once unless the hourly quota is near exhaustion). */
  async admit(): Promise<void> {
    const waitMs = this.resumeAt - this.now();
    if (waitMs > 0) await this.sleep(waitMs);
  }

  /** Reads the quota an answer returned. */
  observe(quota: Ga4PropertyQuota | undefined): void {
    if (quota === undefined) return;
    this.options.onQuota?.(quota);
    const remaining = quota.tokensPerHour?.remaining;
    if (remaining !== undefined && remaining <= this.reserve) {
      const now = this.now();
      this.resumeAt = Math.ceil((now + 1) / HOUR_MS) * HOUR_MS;
    }
  }
}
