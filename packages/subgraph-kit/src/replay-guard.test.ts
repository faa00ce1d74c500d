import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  it('accepts a token id once and refuses it again until it expires', () => {
    const guard = new ReplayGuard();
    expect(guard.firstUse('a', 10_000, 1_000)).toBe(true);
    expect(guard.firstUse('a', 10_000, 2_000)).toBe(false);
    expect(guard.firstUse('b', 10_000, 2_000)).toBe(true);
  });

  it('forgets ids after they expire, so memory stays bounded by the live window', () => {
    const guard = new ReplayGuard();
    for (let i = 0; i < 100; i += 1) guard.firstUse(`id-${i}`, 5_000, 1_000);
    expect(guard.size).toBe(100);
    expect(guard.firstUse('late', 20_000, 6_000)).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('fails closed when full of live ids', () => {
    const guard = new ReplayGuard(2);
    expect(guard.firstUse('a', 10_000, 0)).toBe(true);
    expect(guard.firstUse('b', 10_000, 0)).toBe(true);
    expect(guard.firstUse('c', 10_000, 0)).toBe(false);
  });
});
