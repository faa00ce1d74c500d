import { BillingEventTypes, createEvent, NotFoundError, type BillingPort, type IntentResolver } from '@bizosaas/domain';
import { defineIntentResolver } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The billing writes that record an intent before calling the tenant's billing provider. */
export const BillingIntents = {
  CancelSubscription: 'billing.subscription.cancel',
  CreateInvoice: 'billing.invoice.create',
} as const;

const money = z.object({ amount: z.string(), currency: z.string() });
/** The intent's stored input: the NewInvoice the service validated (checked again in shape only) and the caller's key. */
const createInvoiceInput = z.object({
  invoice: z.object({ customerEmail: z.string(), currency: z.string(), lines: z.array(z.object({ description: z.string(), amount: money })).min(1), memo: z.string().nullable().optional() }),
  idempotencyKey: z.string().nullable().default(null),
  correlationId: z.string().nullable().default(null),
});
const cancelInput = z.object({ subscriptionId: z.string(), immediately: z.boolean().default(false), correlationId: z.string().nullable().default(null) });

/**
 * How a crash between the billing provider's commit and ours is settled: the cancellation is re-sent with
 * the intent's idempotency key. Stripe replays the first answer when it had the write (and the adapter
 * answers an already cancelled subscription unchanged), so the outcome is the same, never a second effect.
 * An unknown subscription had no effect. Its events come from the provider's webhook, not from here. An
 * invoice creation is re-sent the same way (the provider answers the invoice its key made), with its event.
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
    defineIntentResolver({
      // Re-sent with the key the first call used: the provider answers the invoice it made, or makes it now.
      operation: BillingIntents.CreateInvoice,
      parse: (input) => createInvoiceInput.parse(input),
      portFor: deps.billingPortFor,
      async settle(port, input, { intent, meta }) {
        const invoice = await port.createInvoice(input.invoice, { idempotencyKey: input.idempotencyKey ?? intent.idempotencyKey });
        return [createEvent(BillingEventTypes.InvoiceCreated, { invoiceId: invoice.id, email: invoice.customerEmail, total: invoice.total }, { ...meta, source: 'billing' })];
      },
    }),
  ];
}

