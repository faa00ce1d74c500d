import { ConnectorError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { Ga4QuotaGate } from './ga4.quota.js';
import { nextPacificMidnight } from './ga4.quota-windows.js';

const gateAt = (now: () => number, waits: number[], extra: ConstructorParameters<typeof Ga4QuotaGate>[0] = {}) =>
  new Ga4QuotaGate({ now, sleep: async (ms) => void waits.push(ms), ...extra });

describe('Ga4QuotaGate', () => {
  it('admits at once while hourly tokens last, then waits for the hour to turn once they reach the reserve', async () => {
    const waits: number[] = [];
    const seen: string[] = [];
    const now = Date.UTC(2026, 11, 6, 6, 45, 0);
    const gate = gateAt(() => now, waits, { hourlyReserve: 100, onQuota: (kind, status) => seen.push(`${kind}=${status.remaining}`) });
    gate.observe({ tokensPerHour: { consumed: 10, remaining: 5000 } });
    await gate.admit();
    expect(waits).toEqual([]);
    gate.observe(undefined);
    gate.observe({ tokensPerHour: { consumed: 10, remaining: 100 }, tokensPerDay: { consumed: 10, remaining: 150_000 } });
    await gate.admit();
    expect(waits).toEqual([15 * 60_000]);
    expect(seen).toEqual(['tokens_per_hour=5000', 'tokens_per_hour=100', 'tokens_per_day=150000']);
  });

  it('no longer waits once the hour has turned', async () => {
    let now = Date.UTC(2026, 11, 6, 6, 59, 0);
    const waits: number[] = [];
    const gate = gateAt(() => now, waits);
    gate.observe({ tokensPerHour: { remaining: 0 } });
    now = Date.UTC(2026, 11, 6, 7, 0, 1);
    await gate.admit();
    expect(waits).toEqual([]);
  });

  it('paces calls before the reserve: the tokens left above it are spread over the rest of the hour', async () => {
    const now = Date.UTC(2026, 11, 6, 6, 30, 0);
    const waits: number[] = [];
    const held: string[] = [];
    const gate = gateAt(() => now, waits, { onWait: (kind) => held.push(kind) });
    // 1,500 left, reserve 500, 10 a call: 100 calls for the 30 minutes left, one every 18 s.
    gate.observe({ tokensPerHour: { consumed: 10, remaining: 1_500 } });
    await gate.admit();
    expect(waits).toEqual([18_000]);
    expect(held).toEqual(['tokens_per_hour']);
  });

  it('holds calls for the daily quota until midnight Pacific time when that is within the limit, else fails rate_limited', async () => {
    // 23:30 in Los Angeles (PST, UTC-8) on 5 December is 07:30 UTC on 6 December.
    const now = Date.UTC(2026, 11, 6, 7, 30, 0);
    const waits: number[] = [];
    const gate = gateAt(() => now, waits);
    gate.observe({ tokensPerDay: { consumed: 10, remaining: 1_000 } });
    await gate.admit();
    expect(waits).toEqual([30 * 60_000]);

    const morning = Date.UTC(2026, 11, 6, 17, 0, 0);
    const early = gateAt(() => morning, waits);
    early.observe({ tokensPerDay: { consumed: 10, remaining: 0 } });
    const error = await early.admit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 15 * 3600 } });
    expect(String(error instanceof Error && error.message)).toContain('tokens_per_day');
    expect(waits).toHaveLength(1);
  });

  it('finds midnight in Los Angeles in winter and in summer', () => {
    expect(nextPacificMidnight(Date.UTC(2026, 11, 6, 7, 30))).toBe(Date.UTC(2026, 11, 6, 8, 0));
    expect(nextPacificMidnight(Date.UTC(2026, 6, 1, 12, 0))).toBe(Date.UTC(2026, 6, 2, 7, 0));
  });
});
