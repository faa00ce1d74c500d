import { BillingEventTypes, createEvent, NotFoundError, type BillingPort, type IntentResolver, type NewInvoice } from '@bizosaas/domain';

/** The billing writes that record an intent before calling the tenant's billing provider. */
export const BillingIntents = {
  CancelSubscription: 'billing.subscription.cancel',
  CreateInvoice: 'billing.invoice.create',
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
    {
      // Re-sent with the key the first call used: the provider answers the invoice it made, or makes it now.
      operation: BillingIntents.CreateInvoice,
      async resolve(intent, record) {
        const { invoice: asked, idempotencyKey } = intent.input;
        if (!isNewInvoice(asked)) throw new Error(`intent ${intent.id}: input.invoice must be the invoice that was asked for`);
        const port = await deps.billingPortFor(intent.tenantId);
        const invoice = await port.createInvoice(asked, { idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : intent.idempotencyKey });
        record(createEvent(BillingEventTypes.InvoiceCreated, { invoiceId: invoice.id, email: invoice.customerEmail, total: invoice.total }, { tenantId: intent.tenantId, source: 'billing', correlationId: null }));
        return 'took_effect';
      },
    },
  ];
}

/** The intent's stored JSON is the NewInvoice the service validated; checked again in shape only. */
function isNewInvoice(value: unknown): value is NewInvoice {
  if (typeof value !== 'object' || value === null) return false;
  const { customerEmail, currency, lines } = value as Record<string, unknown>;
  return typeof customerEmail === 'string' && typeof currency === 'string' && Array.isArray(lines) && lines.every((line) => typeof line === 'object' && line !== null && typeof (line as Record<string, unknown>).description === 'string' && typeof (line as { amount?: { amount?: unknown } }).amount?.amount === 'string');
}
