import { describe, expect, it } from 'vitest';
import { LruTtlCache } from './lru-ttl.cache.js';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('LruTtlCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new LruTtlCache<string, number>({ maxEntries: 2, ttlMs: 10_000 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('stops returning an entry once its TTL has passed', () => {
    const time = clock();
    const cache = new LruTtlCache<string, number>({ maxEntries: 10, ttlMs: 500, now: time.now });
    cache.set('a', 1);
    time.advance(499);
    expect(cache.get('a')).toBe(1);
    time.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deleteWhere drops matching values only', () => {
    const cache = new LruTtlCache<string, { id: string }>({ maxEntries: 10, ttlMs: 1_000 });
    cache.set('x', { id: 'k1' });
    cache.set('y', { id: 'k2' });
    cache.set('z', { id: 'k1' });
    expect(cache.deleteWhere((v) => v.id === 'k1')).toBe(2);
    expect(cache.get('y')).toEqual({ id: 'k2' });
    expect(cache.size).toBe(1);
  });

  it('refuses bounds that would make it unbounded or useless, naming the option', () => {
    expect(() => new LruTtlCache({ maxEntries: 0, ttlMs: 1 })).toThrow(/maxEntries/);
    expect(() => new LruTtlCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/ttlMs/);
  });
});
