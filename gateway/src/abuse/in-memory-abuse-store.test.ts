import { describe, expect, it } from 'vitest';
import { InMemoryAbuseStore } from './in-memory-abuse-store.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('InMemoryAbuseStore windows', () => {
  it('counts hits in a window that opens at the first hit and then starts over', async () => {
    const time = clock();
    const store = new InMemoryAbuseStore({ now: time.now });
    expect(await store.peek('a')).toEqual({ count: 0, resetMs: 0 });
    expect(await store.hit('a', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
    time.advance(59_000);
    expect(await store.hit('a', 60_000)).toEqual({ count: 2, resetMs: 1_000 });
    expect(await store.peek('a')).toEqual({ count: 2, resetMs: 1_000 });
    time.advance(1_000);
    expect(await store.peek('a')).toEqual({ count: 0, resetMs: 0 });
    expect(await store.hit('a', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
  });

  it('keeps keys apart', async () => {
    const store = new InMemoryAbuseStore();
    await store.hit('a', 60_000);
    await store.hit('a', 60_000);
    expect((await store.hit('b', 60_000)).count).toBe(1);
  });

  it('forgets the oldest windows beyond its bound', async () => {
    const store = new InMemoryAbuseStore({ maxEntries: 2 });
    await store.hit('a', 60_000);
    await store.hit('b', 60_000);
    await store.hit('c', 60_000);
    expect((await store.peek('a')).count).toBe(0);
    expect((await store.peek('c')).count).toBe(1);
  });
});

describe('InMemoryAbuseStore buckets', () => {
  const bucket = { capacity: 3, refillPerSecond: 2 };

  it('grants the burst, then refuses with the wait until the next token, then refills', async () => {
    const time = clock();
    const store = new InMemoryAbuseStore({ now: time.now });
    expect([await store.take('k', bucket), await store.take('k', bucket), await store.take('k', bucket)]).toEqual([0, 0, 0]);
    expect(await store.take('k', bucket)).toBe(500);
    // A refusal takes nothing: the wait does not grow with each refused request.
    expect(await store.take('k', bucket)).toBe(500);
    time.advance(250);
    expect(await store.take('k', bucket)).toBe(250);
    time.advance(250);
    expect(await store.take('k', bucket)).toBe(0);
    expect(await store.take('k', bucket)).toBe(500);
  });

  it('never refills above capacity', async () => {
    const time = clock();
    const store = new InMemoryAbuseStore({ now: time.now });
    await store.take('k', bucket);
    time.advance(3_600_000);
    const taken = [];
    for (let i = 0; i < 4; i += 1) taken.push(await store.take('k', bucket));
    expect(taken).toEqual([0, 0, 0, 500]);
  });
});

describe('InMemoryAbuseStore sets', () => {
  it('holds at most cap live members, frees released and expired places, and keeps refreshed ones', async () => {
    const time = clock();
    const store = new InMemoryAbuseStore({ now: time.now });
    expect(await store.claim('s', 'a', 2, 1_000)).toBe(true);
    expect(await store.claim('s', 'b', 2, 1_000)).toBe(true);
    expect(await store.claim('s', 'c', 2, 1_000)).toBe(false);
    // Claiming again for a member already in is not a new place.
    expect(await store.claim('s', 'a', 2, 1_000)).toBe(true);
    await store.release('s', 'a');
    expect(await store.claim('s', 'c', 2, 1_000)).toBe(true);
    time.advance(800);
    await store.refresh('s', ['b'], 1_000);
    time.advance(300);
    // c expired (not refreshed), b was kept alive.
    expect(await store.claim('s', 'd', 2, 1_000)).toBe(true);
    expect(await store.claim('s', 'e', 2, 1_000)).toBe(false);
  });
});
