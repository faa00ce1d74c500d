import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter } from './rate-limiter.js';
import { fakeClock } from './test-support.js';

describe('InMemoryRateLimiter', () => {
  it('lets a burst of `capacity` through, then waits for refills', async () => {
    const clock = fakeClock();
    const limiter = new InMemoryRateLimiter({ now: clock.now, sleep: async (ms) => { clock.sleeps.push(ms); } });
    const config = { capacity: 3, refillPerSecond: 2 };
    await Promise.all([1, 2, 3, 4, 5].map(() => limiter.take('hubspot:conn-1', config)));
    // 3 free, then the 4th waits 0.5 s and the 5th 1 s (reservations queue, no polling).
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('refills with time and keeps connections apart', async () => {
    const clock = fakeClock();
    const limiter = new InMemoryRateLimiter({ now: clock.now, sleep: clock.sleep });
    const config = { capacity: 1, refillPerSecond: 1 };
    await limiter.take('a', config);
    await limiter.take('b', config);
    expect(clock.sleeps).toEqual([]);
    clock.advance(1000);
    await limiter.take('a', config);
    expect(clock.sleeps).toEqual([]);
    await limiter.take('a', config);
    expect(clock.sleeps).toEqual([1000]);
  });
});
