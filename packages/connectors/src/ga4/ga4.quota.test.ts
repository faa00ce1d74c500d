import { describe, expect, it } from 'vitest';
import { Ga4QuotaGate } from './ga4.quota.js';

describe('Ga4QuotaGate', () => {
  it('admits at once while hourly tokens last, then waits for the hour to turn once they reach the reserve', async () => {
    const waits: number[] = [];
    const seen: unknown[] = [];
    const now = Date.UTC(2026, 11, 6, 6, 45, 0);
    const gate = new Ga4QuotaGate({ hourlyReserve: 100, now: () => now, sleep: async (ms) => void waits.push(ms), onQuota: (q) => seen.push(q) });
    gate.observe({ tokensPerHour: { consumed: 10, remaining: 5000 } });
    await gate.admit();
    expect(waits).toEqual([]);
    gate.observe(undefined);
    gate.observe({ tokensPerHour: { consumed: 10, remaining: 100 } });
    await gate.admit();
    expect(waits).toEqual([15 * 60_000]);
    expect(seen).toHaveLength(2);
  });

  it('no longer waits once the hour has turned', async () => {
    let now = Date.UTC(2026, 11, 6, 6, 59, 0);
    const waits: number[] = [];
    const gate = new Ga4QuotaGate({ now: () => now, sleep: async (ms) => void waits.push(ms) });
    gate.observe({ tokensPerHour: { remaining: 0 } });
    now = Date.UTC(2026, 11, 6, 7, 0, 1);
    await gate.admit();
    expect(waits).toEqual([]);
  });
});
