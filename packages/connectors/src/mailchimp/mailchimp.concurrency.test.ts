import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, concurrencyLimitForKey } from './mailchimp.concurrency.js';

describe('ConcurrencyLimit', () => {
  it('keeps at most the limit in flight and runs every task', async () => {
    const limit = new ConcurrencyLimit(10);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        limit.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 1));
          active -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(10);
    expect(results).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it('frees the slot of a task that fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('concurrencyLimitForKey', () => {
  it('hands every connection on one key the same limit, and another key its own', () => {
    const a = concurrencyLimitForKey('0123456789abcdef0123456789abcdef-us21', 10);
    expect(concurrencyLimitForKey('0123456789abcdef0123456789abcdef-us21', 10)).toBe(a);
    expect(concurrencyLimitForKey('fedcba9876543210fedcba9876543210-us21', 10)).not.toBe(a);
  });
});
