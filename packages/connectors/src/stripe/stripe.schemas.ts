import { z } from 'zod';

/**
 * Stripe API objects as the adapter reads them, parsed with zod (never cast). Only the fields the mapping
 * uses are declared; the rest pass through unchecked into `raw`. Fields Stripe documents as nullable or
 * version-dependent are optional, so the same schemas read API version 2023-08-16 (the spec the tests
 * validate requests against) and the stripe package's pinned version.
 * https://docs.stripe.com/api/invoices/object, /api/subscriptions/object, /api/customers/object
 */

const epochSeconds = z.number().int().nonnegative();
const currency = z.string().regex(/^[a-z]{3}$/i).transform((c) => c.toUpperCase());

/** A customer, possibly deleted (`{ id, deleted: true }`). */
export const stripeCustomerSchema = z.looseObject({ id: z.string(), email: z.string().nullish(), deleted: z.boolean().optional() });
export type StripeCustomer = z.infer<typeof stripeCustomerSchema>;

/** An expandable reference: the id, or the expanded object. */
const customerRef = z.union([z.string(), stripeCustomerSchema]).nullish();

export const stripeInvoiceSchema = z.looseObject({
  id: z.string(),
  object: z.literal('invoice'),
  number: z.string().nullish(),
  customer: customerRef,
  customer_email: z.string().nullish(),
  // `status` is null only for invoices deleted as drafts; the mapping refuses those.
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).nullish(),
  total: z.number().int(),
  amount_due: z.number().int(),
  currency,
  due_date: epochSeconds.nullish(),
  created: epochSeconds,
  status_transitions: z.looseObject({ finalized_at: epochSeconds.nullish(), paid_at: epochSeconds.nullish(), voided_at: epochSeconds.nullish(), marked_uncollectible_at: epochSeconds.nullish() }).nullish(),
});
export type StripeInvoice = z.infer<typeof stripeInvoiceSchema>;

const priceSchema = z.looseObject({
  id: z.string(),
  nickname: z.string().nullish(),
  currency,
  unit_amount: z.number().int().nullish(),
  unit_amount_decimal: z.string().regex(/^\d+(\.\d+)?$/).nullish(),
  recurring: z.looseObject({ interval: z.enum(['day', 'week', 'month', 'year']), interval_count: z.number().int().positive().optional() }).nullish(),
  product: z.union([z.string(), z.looseObject({ id: z.string(), name: z.string().optional() })]).nullish(),
});

const subscriptionItemSchema = z.looseObject({
  id: z.string(),
  quantity: z.number().int().nonnegative().nullish(),
  price: priceSchema,
  // Since API version 2025-03-31 the billing period lives on the items.
  current_period_end: epochSeconds.nullish(),
});

export const stripeSubscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('subscription'),
  customer: customerRef,
  status: z.enum(['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused']),
  cancel_at_period_end: z.boolean(),
  canceled_at: epochSeconds.nullish(),
  current_period_end: epochSeconds.nullish(),
  created: epochSeconds,
  currency: currency.optional(),
  items: z.looseObject({ data: z.array(subscriptionItemSchema) }),
});
export type StripeSubscription = z.infer<typeof stripeSubscriptionSchema>;

export const stripeProductSchema = z.looseObject({ id: z.string(), name: z.string() });

/** `GET /v1/<objects>` list envelope. */
export function stripeListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });
}

/** `GET /v1/<objects>/search` envelope: pages with `next_page`, not `starting_after`. */
export function stripeSearchSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ object: z.literal('search_result'), data: z.array(item), has_more: z.boolean(), next_page: z.string().nullish() });
}

/** A webhook event (https://docs.stripe.com/api/events/object). */
export const stripeEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/),
  object: z.literal('event'),
  type: z.string(),
  created: epochSeconds,
  data: z.looseObject({ object: z.looseObject({ id: z.string(), object: z.string() }) }),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;
