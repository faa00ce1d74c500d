import { describe, expect, it } from 'vitest';
import { ShopifyCostThrottle } from './shopify.throttle.js';

const report = (requestedQueryCost: number, currentlyAvailable: number) => ({ requestedQueryCost, throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 } });

describe('ShopifyCostThrottle', () => {
  it('does not wait before it knows anything, nor while the bucket holds the expected cost', async () => {
    let now = 0;
    const waits: number[] = [];
    const throttle = new ShopifyCostThrottle(() => now, async (ms) => void waits.push(ms));
    await throttle.beforeRequest('ListProducts');
    throttle.note('ListProducts', report(800, 1200));
    await throttle.beforeRequest('ListProducts');
    expect(waits).toEqual([]);
  });

  it('waits, before sending, until the restore rate has refilled what the operation last cost', async () => {
    let now = 0;
    const waits: number[] = [];
    const throttle = new ShopifyCostThrottle(() => now, async (ms) => void waits.push(ms));
    throttle.note('ListProducts', report(800, 300));
    now = 1_000; // 100 restored: 400 available, 800 needed -> 4 s more at 100 a second
    await throttle.beforeRequest('ListProducts');
    expect(waits).toEqual([4_000]);
    expect(throttle.available()).toBe(400);
    // Another operation with a cheap last cost goes at once.
    throttle.note('Shop', report(1, 400));
    await throttle.beforeRequest('Shop');
    expect(waits).toEqual([4_000]);
  });

  it('never counts beyond the maximum, and after THROTTLED waits for the refused cost', async () => {
    let now = 0;
    const waits: number[] = [];
    const throttle = new ShopifyCostThrottle(() => now, async (ms) => void waits.push(ms));
    throttle.note('X', report(10, 1990));
    now = 60_000;
    expect(throttle.available()).toBe(2000);
    throttle.note('X', report(502, 2));
    expect(await throttle.afterThrottled(report(502, 2))).toBe(5_000);
    expect(await throttle.afterThrottled(undefined)).toBe(1_000);
    expect(waits).toEqual([5_000, 1_000]);
  });
});
