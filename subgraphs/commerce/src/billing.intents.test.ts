import { NotFoundError, type BillingPort, type PendingIntent, type Subscription } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { BillingIntents, createBillingIntentResolvers } from './billing.intents.js';

/** Only cancelSubscription is used; it records each call and fails for unknown ids. */
function fakePort(known: readonly string[]) {
  const calls: { id: string; immediately: boolean | undefined; key: string | undefined }[] = [];
  const port = {
    async cancelSubscription(id: string, options: { immediately?: boolean; idempotencyKey?: string | undefined } = {}) {
      calls.push({ id, immediately: options.immediately, key: options.idempotencyKey });
      if (!known.includes(id)) throw new NotFoundError('Subscription', id, 'BILLING');
      return { id } as unknown as Subscription;
    },
  } as unknown as BillingPort;
  return { port, calls };
}

const pending = (input: Record<string, unknown>): PendingIntent => ({ id: 'int_9', tenantId: 'ten_a', operation: BillingIntents.CancelSubscription, input, idempotencyKey: 'bizosaas-intent-int_9', createdAt: new Date() });

describe('billing intent resolver', () => {
  it('re-sends a cancellation with the intent\'s idempotency key; an unknown subscription had no effect', async () => {
    const { port, calls } = fakePort(['sub_1']);
    const [resolver] = createBillingIntentResolvers({ billingPortFor: async () => port });
    const record = () => {
      throw new Error('no events: the provider\'s webhook sends them');
    };
    expect(await resolver?.resolve(pending({ subscriptionId: 'sub_1', immediately: true }), record)).toBe('took_effect');
    expect(await resolver?.resolve(pending({ subscriptionId: 'sub_gone', immediately: false }), record)).toBe('no_effect');
    expect(calls).toEqual([
      { id: 'sub_1', immediately: true, key: 'bizosaas-intent-int_9' },
      { id: 'sub_gone', immediately: false, key: 'bizosaas-intent-int_9' },
    ]);
    await expect(resolver?.resolve(pending({ subscriptionId: 7 }), record) ?? Promise.resolve()).rejects.toThrow(/subscriptionId/);
  });
});
