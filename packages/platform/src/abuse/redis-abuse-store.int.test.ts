import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAbuseStore } from './redis-abuse-store.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisAbuseStore', () => {
  const prefix = `test:${randomBytes(6).toString('hex')}:abuse`;
  let redis: Redis;
  let store: RedisAbuseStore;
  const used = new Set<string>();
  const key = (name: string) => (used.add(`${prefix}:${name}`), name);

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    store = new RedisAbuseStore(redis, prefix);
  });
  afterAll(async () => {
    if (used.size > 0) await redis.del(...used);
    redis.disconnect();
  });

  it('counts hits in a window that expires on its own', async () => {
    const k = key('fail:addr:1');
    expect(await store.peek(k)).toEqual({ count: 0, resetMs: 0 });
    const first = await store.hit(k, 300);
    expect(first.count).toBe(1);
    expect(first.resetMs).toBeGreaterThan(0);
    expect(first.resetMs).toBeLessThanOrEqual(300);
    expect((await store.hit(k, 300)).count).toBe(2);
    expect((await store.peek(k)).count).toBe(2);
    await expect.poll(async () => (await store.peek(k)).count, { timeout: 2_000 }).toBe(0);
    expect((await store.hit(k, 300)).count).toBe(1);
  });

  it('counts concurrent hits exactly (one budget for every gateway)', async () => {
    const k = key('fail:addr:2');
    const second = redis.duplicate();
    const other = new RedisAbuseStore(second, prefix);
    try {
      const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? store : other).hit(k, 60_000)));
      expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      second.disconnect();
    }
  });

  it('grants a burst, refuses without taking, and refills', async () => {
    const k = key('rate:key_1');
    const bucket = { capacity: 3, refillPerSecond: 10 };
    const taken = [];
    for (let i = 0; i < 3; i += 1) taken.push(await store.take(k, bucket));
    expect(taken).toEqual([0, 0, 0]);
    const wait = await store.take(k, bucket);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    expect(await store.take(k, bucket)).toBe(0);
  });

  it('holds at most cap live members across connections, frees released and expired places', async () => {
    const k = key('sockets:key_1');
    const second = redis.duplicate();
    const other = new RedisAbuseStore(second, prefix);
    try {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).claim(k, `m${i}`, 5, 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(5);
      const holder = `m${claims.indexOf(true)}`;
      expect(await store.claim(k, holder, 5, 60_000)).toBe(true);
      await other.release(k, holder);
      expect(await store.claim(k, 'late', 5, 60_000)).toBe(true);
      expect(await store.claim(k, 'later', 5, 60_000)).toBe(false);
    } finally {
      second.disconnect();
    }
    const short = key('sockets:key_2');
    expect(await store.claim(short, 'a', 1, 200)).toBe(true);
    await store.refresh(short, ['a'], 200);
    expect(await store.claim(short, 'b', 1, 200)).toBe(false);
    await expect.poll(() => store.claim(short, 'b', 1, 200), { timeout: 2_000 }).toBe(true);
  });

  it('keeps keys under its prefix', async () => {
    await store.hit(key('fail:prefix:abc'), 60_000);
    expect(await redis.exists(`${prefix}:fail:prefix:abc`)).toBe(1);
  });
});
