import { BillingEventTypes, ConnectorError, EntityIds, ValidationError, type ConnectorWebhook, type WebhookDelivery } from '@bizosaas/domain';
import { invoiceFromStripe, STRIPE_PROVIDER, StripeKinds, subscriptionFromStripe } from './stripe.mapping.js';
import { stripeEventSchema, stripeInvoiceSchema, stripeSubscriptionSchema, type StripeEvent } from './stripe.schemas.js';
import { parseStripeCredentials } from './stripe.settings.js';
import { verifyStripeSignature } from './stripe.webhook.js';

const INVOICE_EVENTS: Readonly<Record<string, string>> = {
  'invoice.paid': BillingEventTypes.InvoicePaid,
  'invoice.payment_failed': BillingEventTypes.InvoicePaymentFailed,
};
const SUBSCRIPTION_EVENTS: Readonly<Record<string, string>> = {
  'customer.subscription.updated': BillingEventTypes.SubscriptionUpdated,
  'customer.subscription.deleted': BillingEventTypes.SubscriptionCanceled,
};

/**
 * Stripe webhooks for the platform's `POST /webhooks/<connectionId>`: `Stripe-Signature` checked with the
 * connection's signing secret (bad or missing signature, stale timestamp: `unauthorized`, which the
 * platform answers 401), then the event mapped to a billing domain event. The delivery id is Stripe's
 * event id, which Stripe keeps across its retries, so a redelivered event publishes nothing twice.
 * Event types the platform does not model are acknowledged with no events (Stripe stops retrying).
 */
export function createStripeWebhook(now: () => number = Date.now): ConnectorWebhook {
  return {
    async receive(context, request): Promise<WebhookDelivery> {
      const { webhookSecret } = parseStripeCredentials(context.credentials);
      if (webhookSecret === undefined) throw new ConnectorError('misconfigured', STRIPE_PROVIDER, 'Add the webhook signing secret (whsec_…) to the Stripe connection to receive webhooks');
      const verdict = verifyStripeSignature({ secret: webhookSecret, header: request.headers['stripe-signature'] ?? '', rawBody: request.rawBody, nowMs: now() });
      if (!verdict.valid) throw new ConnectorError('unauthorized', STRIPE_PROVIDER, `The Stripe webhook was refused (${verdict.reason.replace('_', ' ')})`);
      const event = parseEvent(request.rawBody);
      return { deliveryId: event.id, events: toDomainEvents(event, new EntityIds(context.connectionId)) };
    },
  };
}

function parseEvent(rawBody: Buffer): StripeEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new ValidationError([{ field: 'body', reason: 'is not JSON' }]);
  }
  const parsed = stripeEventSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError([{ field: 'body', reason: 'is not a Stripe event' }]);
  return parsed.data;
}

function toDomainEvents(event: StripeEvent, ids: EntityIds): WebhookDelivery['events'] {
  const occurredAt = new Date(event.created * 1000);
  const invoiceType = INVOICE_EVENTS[event.type];
  if (invoiceType !== undefined) {
    const invoice = stripeInvoiceSchema.safeParse(event.data.object);
    if (!invoice.success || !invoice.data.status) throw new ValidationError([{ field: 'body.data.object', reason: `is not an invoice (${event.type})` }]);
    const mapped = invoiceFromStripe(invoice.data, ids);
    const payload = { invoiceId: mapped.id, number: mapped.number, email: mapped.customerEmail, status: mapped.status, total: mapped.total, amountDue: mapped.amountDue };
    return [{ type: invoiceType, payload, occurredAt }];
  }
  const subscriptionType = SUBSCRIPTION_EVENTS[event.type];
  if (subscriptionType !== undefined) {
    const subscription = stripeSubscriptionSchema.safeParse(event.data.object);
    if (!subscription.success) throw new ValidationError([{ field: 'body.data.object', reason: `is not a subscription (${event.type})` }]);
    const mapped = subscriptionFromStripe(subscription.data, ids);
    return [{ type: subscriptionType, payload: { subscriptionId: ids.encode(StripeKinds.Subscription, subscription.data.id), status: mapped.status, cancelAtPeriodEnd: mapped.cancelAtPeriodEnd }, occurredAt }];
  }
  return [];
}
