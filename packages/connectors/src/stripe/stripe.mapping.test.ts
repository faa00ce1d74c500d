import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { invoiceFromStripe, subscriptionFromStripe, subscriptionStatusFromStripe } from './stripe.mapping.js';
import { moneyFromStripe } from './stripe.money.js';
import { stripeInvoiceSchema, stripeSubscriptionSchema } from './stripe.schemas.js';

const ids = new EntityIds('con_stripe');

// Shapes as Stripe documents them (https://docs.stripe.com/api/invoices/object), trimmed.
const invoice = {
  id: 'in_1OaBcD', object: 'invoice', number: 'A1B2-0001', customer: 'cus_Q1', customer_email: 'Ada@Example.org', status: 'paid',
  total: 123456, amount_due: 0, currency: 'eur', due_date: null, created: 1_700_000_000,
  status_transitions: { finalized_at: 1_700_000_100, paid_at: 1_700_000_500, voided_at: null, marked_uncollectible_at: null },
};

const subscription = {
  id: 'sub_1OaBcD', object: 'subscription', customer: { id: 'cus_Q1', object: 'customer', email: 'ada@example.org' }, status: 'unpaid',
  cancel_at_period_end: false, canceled_at: null, created: 1_700_000_000,
  items: { object: 'list', data: [
    { id: 'si_1', quantity: 3, current_period_end: 1_702_000_000, price: { id: 'price_1', nickname: null, currency: 'usd', unit_amount: 1999, recurring: { interval: 'year', interval_count: 1 }, product: 'prod_1' } },
    { id: 'si_2', quantity: 1, current_period_end: 1_702_000_000, price: { id: 'price_2', nickname: 'Support', currency: 'usd', unit_amount: null, unit_amount_decimal: '50.5', recurring: { interval: 'year' }, product: 'prod_2' } },
  ] },
};

describe('Stripe mapping', () => {
  it('turns minor units into decimal strings per currency, without floats', () => {
    expect(moneyFromStripe(123456, 'EUR')).toEqual({ amount: '1234.56', currency: 'EUR' });
    expect(moneyFromStripe(5, 'USD')).toEqual({ amount: '0.05', currency: 'USD' });
    expect(moneyFromStripe(500, 'JPY')).toEqual({ amount: '500', currency: 'JPY' });
    expect(moneyFromStripe(1234, 'KWD')).toEqual({ amount: '1.234', currency: 'KWD' });
    expect(moneyFromStripe(-250, 'EUR')).toEqual({ amount: '-2.50', currency: 'EUR' });
    expect(moneyFromStripe('6047.5', 'USD')).toEqual({ amount: '60.475', currency: 'USD' });
  });

  it('maps an invoice: status, money, email, the latest status transition as updatedAt', () => {
    const mapped = invoiceFromStripe(stripeInvoiceSchema.parse(invoice), ids);
    expect(mapped).toMatchObject({
      externalId: 'in_1OaBcD', number: 'A1B2-0001', customerEmail: 'Ada@Example.org', status: 'paid',
      total: { amount: '1234.56', currency: 'EUR' }, amountDue: { amount: '0.00', currency: 'EUR' }, dueDate: null,
      source: { provider: 'stripe', connectionId: 'con_stripe' },
    });
    expect(mapped.updatedAt.toISOString()).toBe(new Date(1_700_000_500_000).toISOString());
    expect(ids.decode('Invoice', mapped.id)).toBe('in_1OaBcD');
  });

  it('maps a subscription: summed items, names, period end from the items, eight statuses onto five', () => {
    const mapped = subscriptionFromStripe(stripeSubscriptionSchema.parse(subscription), ids, new Map([['prod_1', 'Pro']]));
    expect(mapped).toMatchObject({
      customerEmail: 'ada@example.org', status: 'past_due', planName: 'Pro + Support', interval: 'year', cancelAtPeriodEnd: false,
      price: { amount: '60.475', currency: 'USD' },
    });
    expect(mapped.currentPeriodEnd?.getTime()).toBe(1_702_000_000_000);
    expect(subscriptionFromStripe(stripeSubscriptionSchema.parse(subscription), ids).planName).toBe('price_1 + Support');
    expect(['incomplete_expired', 'paused', 'active', 'trialing'].map((s) => subscriptionStatusFromStripe(stripeSubscriptionSchema.shape.status.parse(s)))).toEqual(['canceled', 'past_due', 'active', 'trialing']);
  });

  it('refuses shapes Stripe does not send', () => {
    expect(stripeInvoiceSchema.safeParse({ ...invoice, total: '12.00' }).success).toBe(false);
    expect(stripeSubscriptionSchema.safeParse({ ...subscription, status: 'sleeping' }).success).toBe(false);
  });
});
