import { describe, expect, it } from 'vitest';
import { BoundedMap } from './plan-cache.js';

describe('BoundedMap', () => {
  it('keeps the most recently used entries up to its bound', () => {
    const map = new BoundedMap<number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a is now the most recent
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect([map.get('a'), map.get('c'), map.size]).toEqual([1, 3, 2]);
  });

  it('forgets an entry once its time is up', () => {
    let now = 1000;
    const map = new BoundedMap<string>(10, 50, () => now);
    map.set('k', 'v');
    now += 49;
    expect(map.get('k')).toBe('v');
    now += 1;
    expect(map.get('k')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('deletes and clears', () => {
    const map = new BoundedMap<number>(10);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    map.clear();
    expect(map.size).toBe(0);
  });
});
