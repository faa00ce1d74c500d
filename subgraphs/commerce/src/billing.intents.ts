import { NotFoundError, type BillingPort, type IntentResolver } from '@bizosaas/domain';
import { defineIntentResolver } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The billing writes that record an intent before calling the tenant's billing provider. */
export const BillingIntents = {
  CancelSubscription: 'billing.subscription.cancel',
} as const;

const cancelInput = z.object({ subscriptionId: z.string(), immediately: z.boolean().default(false), correlationId: z.string().nullable().default(null) });

/**
 * How a crash between the billing provider's commit and ours is settled: the cancellation is re-sent with
 * the intent's idempotency key. Stripe replays the first answer when it had the write (and the adapter
 * answers an already cancelled subscription unchanged), so the outcome is the same, never a second effect.
 * An unknown subscription had no effect. Its events come from the provider's webhook, not from here.
 */
export function createBillingIntentResolvers(deps: { billingPortFor(tenantId: string): Promise<BillingPort> }): IntentResolver[] {
  return [
    defineIntentResolver({
      operation: BillingIntents.CancelSubscription,
      parse: (input) => cancelInput.parse(input),
      portFor: deps.billingPortFor,
      async settle(port, input, { intent }) {
        try {
          await port.cancelSubscription(input.subscriptionId, { immediately: input.immediately, idempotencyKey: intent.idempotencyKey });
          return [];
        } catch (error) {
          if (error instanceof NotFoundError) return null;
          throw error;
        }
      },
    }),
  ];
}
