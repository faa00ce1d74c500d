import { NotFoundError, type BillingPort, type IntentResolver } from '@bizosaas/domain';

/** The billing writes that record an intent before calling the tenant's billing provider. */
export const BillingIntents = {
  CancelSubscription: 'billing.subscription.cancel',
} as const;

/**
 * How a crash between the billing provider's commit and ours is settled: the cancellation is re-sent with
 * the intent's idempotency key. Stripe replays the first answer when it had the write (and the adapter
 * answers an already cancelled subscription unchanged), so the outcome is the same, never a second effect.
 * An unknown subscription had no effect. Its events come from the provider's webhook, not from here.
 */
export function createBillingIntentResolvers(deps: { billingPortFor(tenantId: string): Promise<BillingPort> }): IntentResolver[] {
  return [
    {
      operation: BillingIntents.CancelSubscription,
      async resolve(intent) {
        const subscriptionId = intent.input.subscriptionId;
        if (typeof subscriptionId !== 'string') throw new Error(`intent ${intent.id}: input.subscriptionId must be a string`);
        const port = await deps.billingPortFor(intent.tenantId);
        try {
          await port.cancelSubscription(subscriptionId, { immediately: intent.input.immediately === true, idempotencyKey: intent.idempotencyKey });
          return 'took_effect';
        } catch (error) {
          if (error instanceof NotFoundError) return 'no_effect';
          throw error;
        }
      },
    },
  ];
}
