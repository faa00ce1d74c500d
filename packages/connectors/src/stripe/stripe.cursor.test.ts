import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { encodeStripeCursor, isStripeId, stripeStartingAfter } from './stripe.cursor.js';

describe('Stripe cursors', () => {
  it('round-trips an object id and starts at the top without one', () => {
    expect(stripeStartingAfter({ first: 10, after: encodeStripeCursor('in_1AbC') }, 'in_')).toBe('in_1AbC');
    expect(stripeStartingAfter({ first: 10, after: null }, 'sub_')).toBeUndefined();
  });

  it("refuses cursors it did not issue, and another list's cursor, naming `after`", () => {
    for (const after of ['in_1AbC', encodeStripeCursor('sub_1'), Buffer.from('stripe:in_../x').toString('base64url'), 'not a cursor!']) {
      expect(() => stripeStartingAfter({ first: 10, after }, 'in_')).toThrow(ValidationError);
    }
    expect(() => stripeStartingAfter({ first: 1, after: 'x' }, 'in_')).toThrow(/after is not a cursor/);
  });

  it('accepts only plain Stripe ids of the right kind as object ids', () => {
    expect(isStripeId('sub_1NvXy', 'sub_')).toBe(true);
    expect(['in_1NvXy', 'sub_1/../x', '9123', 'sub_'].map((id) => isStripeId(id, 'sub_'))).toEqual([false, false, false, false]);
  });
});
