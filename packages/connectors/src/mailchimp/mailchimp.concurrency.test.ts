import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './mailchimp.concurrency.js';

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
