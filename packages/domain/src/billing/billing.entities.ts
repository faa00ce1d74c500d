import type { EntityBase } from '../shared/entity.js';
import type { Money } from '../shared/money.js';

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export interface Invoice extends EntityBase {
  readonly number: string | null;
  readonly customerEmail: string | null;
  readonly status: InvoiceStatus;
  readonly total: Money;
  readonly amountDue: Money;
  readonly dueDate: Date | null;
}

/** One line of a new invoice. */
export interface NewInvoiceLine {
  readonly description: string;
  /** Positive; every line in the invoice's currency. */
  readonly amount: Money;
}

/** A draft invoice to create for a customer known by email. */
export interface NewInvoice {
  readonly customerEmail: string;
  readonly currency: string;
  readonly lines: readonly NewInvoiceLine[];
  /** Shown on the invoice (Stripe: description), e.g. the deal or order it bills. */
  readonly memo?: string | null;
}

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled' | 'incomplete';

export interface Subscription extends EntityBase {
  readonly customerEmail: string | null;
  readonly status: SubscriptionStatus;
  readonly planName: string;
  readonly price: Money;
  /** `month` or `year`. */
  readonly interval: 'month' | 'year';
  readonly currentPeriodEnd: Date | null;
  readonly cancelAtPeriodEnd: boolean;
}
