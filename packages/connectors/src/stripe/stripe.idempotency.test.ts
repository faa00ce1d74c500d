import { describe, expect, it } from 'vitest';
import { stripeIdempotencyKey } from './stripe.idempotency.js';

describe('stripeIdempotencyKey', () => {
  it('is the same for the same operation, whoever computes it and in whatever argument order', () => {
    const key = stripeIdempotencyKey('con_a', 'cancel-now', 'sub_1', { prorate: true, invoiceNow: false });
    expect(stripeIdempotencyKey('con_a', 'cancel-now', 'sub_1', { invoiceNow: false, prorate: true })).toBe(key);
    expect(key).toMatch(/^bizosaas-cancel-now-[0-9a-f]{48}$/);
    expect(key.length).toBeLessThanOrEqual(255);
  });

  it('differs when the connection, the operation, the target or an argument differs', () => {
    const key = stripeIdempotencyKey('con_a', 'cancel-now', 'sub_1');
    const others = [
      stripeIdempotencyKey('con_b', 'cancel-now', 'sub_1'),
      stripeIdempotencyKey('con_a', 'cancel-at-period-end', 'sub_1'),
      stripeIdempotencyKey('con_a', 'cancel-now', 'sub_2'),
      stripeIdempotencyKey('con_a', 'cancel-now', 'sub_1', { prorate: true }),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });
});
