import type { EntityIds, Invoice, Source, Subscription, SubscriptionStatus } from '@bizosaas/domain';
import { moneyFromStripe } from './stripe.money.js';
import type { StripeInvoice, StripeSubscription } from './stripe.schemas.js';

export const STRIPE_PROVIDER = 'stripe';

/** Canonical entity kinds of billing, as encoded into ids by `EntityIds`. */
export const StripeKinds = { Invoice: 'Invoice', Subscription: 'Subscription' } as const;

/** Product names by product id, for subscriptions whose prices have no nickname. */
export type ProductNames = ReadonlyMap<string, string>;

const seconds = (value: number): Date => new Date(value * 1000);

function sourceOf(ids: EntityIds): Source {
  return { provider: STRIPE_PROVIDER, connectionId: ids.connectionId };
}

function emailOf(customer: StripeInvoice['customer']): string | null {
  return typeof customer === 'object' && customer !== null && customer.deleted !== true ? (customer.email ?? null) : null;
}

/**
 * A Stripe invoice as a canonical Invoice. Pure. Stripe keeps no `updated` timestamp, so `updatedAt` is
 * the latest status transition (finalized, paid, voided, marked uncollectible) or the creation time.
 * Raises Error for a deleted draft (status null): the adapter never lists those.
 */
export function invoiceFromStripe(raw: StripeInvoice, ids: EntityIds): Invoice {
  if (raw.status === null || raw.status === undefined) throw new Error(`Stripe invoice ${raw.id} has no status`);
  const transitions = Object.values(raw.status_transitions ?? {}).filter((t): t is number => typeof t === 'number');
  return {
    id: ids.encode(StripeKinds.Invoice, raw.id),
    externalId: raw.id,
    source: sourceOf(ids),
    createdAt: seconds(raw.created),
    updatedAt: seconds(Math.max(raw.created, ...transitions)),
    raw,
    number: raw.number ?? null,
    customerEmail: raw.customer_email ?? emailOf(raw.customer),
    status: raw.status,
    total: moneyFromStripe(raw.total, raw.currency),
    amountDue: moneyFromStripe(raw.amount_due, raw.currency),
    dueDate: raw.due_date === null || raw.due_date === undefined ? null : seconds(raw.due_date),
  };
}

/**
 * Stripe has eight subscription states, the domain five: `incomplete_expired` never started and is over
 * (canceled); `unpaid` and `paused` (a trial ended without a payment method) both wait for a payment
 * (past_due).
 */
export function subscriptionStatusFromStripe(status: StripeSubscription['status']): SubscriptionStatus {
  switch (status) {
    case 'incomplete_expired':
      return 'canceled';
    case 'unpaid':
    case 'paused':
      return 'past_due';
    default:
      return status;
  }
}

/** Sum of the items' unit amount × quantity in minor units, as a decimal string (no floats). */
function minorTotal(items: StripeSubscription['items']['data']): string {
  let scale = 0;
  const parts = items.map((item) => {
    const unit = item.price.unit_amount !== null && item.price.unit_amount !== undefined ? String(item.price.unit_amount) : (item.price.unit_amount_decimal ?? '0');
    const [whole = '0', fraction = ''] = unit.split('.');
    scale = Math.max(scale, fraction.length);
    return { whole, fraction, quantity: BigInt(item.quantity ?? 1) };
  });
  const sum = parts.reduce((total, p) => total + BigInt(p.whole + p.fraction.padEnd(scale, '0')) * p.quantity, 0n);
  if (scale === 0) return sum.toString();
  const digits = sum.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

function planNameOf(raw: StripeSubscription, products: ProductNames): string {
  const names = raw.items.data.map(({ price }) => {
    const productId = typeof price.product === 'string' ? price.product : price.product?.id;
    const expanded = typeof price.product === 'object' && price.product !== null ? price.product.name : undefined;
    return price.nickname ?? expanded ?? (productId === undefined ? undefined : products.get(productId)) ?? price.id;
  });
  return names.join(' + ');
}

/**
 * A Stripe subscription as a canonical Subscription. Pure. The price is the sum over its items (Stripe
 * requires one currency and one interval per subscription); the plan name is each item's price nickname,
 * else its product's name, else the price id. The domain knows monthly and yearly plans only: daily and
 * weekly prices are reported as `month` (the true interval stays in `raw`).
 */
export function subscriptionFromStripe(raw: StripeSubscription, ids: EntityIds, products: ProductNames = new Map()): Subscription {
  const first = raw.items.data[0];
  const currency = first?.price.currency ?? raw.currency ?? 'USD';
  const periodEnds = raw.items.data.map((item) => item.current_period_end).filter((t): t is number => typeof t === 'number');
  const periodEnd = raw.current_period_end ?? (periodEnds.length > 0 ? Math.min(...periodEnds) : null);
  return {
    id: ids.encode(StripeKinds.Subscription, raw.id),
    externalId: raw.id,
    source: sourceOf(ids),
    createdAt: seconds(raw.created),
    updatedAt: seconds(Math.max(raw.created, raw.canceled_at ?? 0)),
    raw,
    customerEmail: emailOf(raw.customer),
    status: subscriptionStatusFromStripe(raw.status),
    planName: planNameOf(raw, products),
    price: moneyFromStripe(minorTotal(raw.items.data), currency),
    interval: first?.price.recurring?.interval === 'year' ? 'year' : 'month',
    currentPeriodEnd: periodEnd === null ? null : seconds(periodEnd),
    cancelAtPeriodEnd: raw.cancel_at_period_end,
  };
}
