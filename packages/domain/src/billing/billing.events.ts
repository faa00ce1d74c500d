import type { DomainEvent } from '../events/domain-event.js';
import type { Money } from '../shared/money.js';
import type { InvoiceStatus, SubscriptionStatus } from './billing.entities.js';

/** Billing events; a billing provider's webhooks (Stripe) publish them. */
export const BillingEventTypes = {
  /** A draft invoice was created through the platform (BillingService.createInvoice). */
  InvoiceCreated: 'billing.invoice.created.v1',
  InvoicePaid: 'billing.invoice.paid.v1',
  InvoicePaymentFailed: 'billing.invoice.payment_failed.v1',
  SubscriptionUpdated: 'billing.subscription.updated.v1',
  SubscriptionCanceled: 'billing.subscription.canceled.v1',
} as const;

export interface InvoicePaymentPayload {
  /** Canonical Invoice id of the connection that received the webhook. */
  readonly invoiceId: string;
  readonly number: string | null;
  readonly email: string | null;
  readonly status: InvoiceStatus;
  readonly total: Money;
  readonly amountDue: Money;
}

export interface InvoiceCreatedPayload {
  readonly invoiceId: string;
  readonly email: string | null;
  readonly total: Money;
}

export interface SubscriptionChangedPayload {
  readonly subscriptionId: string;
  readonly status: SubscriptionStatus;
  readonly cancelAtPeriodEnd: boolean;
}

export type InvoicePaid = DomainEvent<typeof BillingEventTypes.InvoicePaid, InvoicePaymentPayload>;
export type InvoicePaymentFailed = DomainEvent<typeof BillingEventTypes.InvoicePaymentFailed, InvoicePaymentPayload>;
export type SubscriptionUpdated = DomainEvent<typeof BillingEventTypes.SubscriptionUpdated, SubscriptionChangedPayload>;
export type SubscriptionCanceled = DomainEvent<typeof BillingEventTypes.SubscriptionCanceled, SubscriptionChangedPayload>;
