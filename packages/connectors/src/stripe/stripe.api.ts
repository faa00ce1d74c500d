import { ConnectorError } from '@bizosaas/domain';
import type Stripe from 'stripe';
import type { z } from 'zod';
import { callStripe } from './stripe.errors.js';
import { STRIPE_PROVIDER } from './stripe.mapping.js';
import {
  stripeCustomerSchema,
  stripeInvoiceSchema,
  stripeListSchema,
  stripeProductSchema,
  stripeSearchSchema,
  stripeSubscriptionSchema,
  type StripeCustomer,
  type StripeInvoice,
  type StripeSubscription,
} from './stripe.schemas.js';

/** Stripe's search query language takes at most 10 clauses per query. */
const SEARCH_CLAUSES = 10;
const MAX_PAGE = 100;

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConnectorError('invalid_response', STRIPE_PROVIDER, `Stripe answered ${what} with an unexpected shape (${result.error.issues[0]?.path.join('.') ?? 'body'})`);
  return result.data;
}

/** A search string literal: Stripe quotes with single quotes and escapes `'` and `\` with a backslash. */
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * A response header from `lastResponse.headers`: typed as a record, but with the fetch HTTP client it is
 * the fetch `Headers` object at run time.
 */
function headerOf(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value: unknown = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value : undefined;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The Stripe endpoints the billing adapter uses, through the official package, each answer parsed with zod.
 * A 404 on a read is `null`; other failures are ConnectorErrors (see `callStripe`).
 */
export class StripeBillingApi {
  /** `stripe`: the client `createStripeClient` is building (the package loads on first use). */
  constructor(private readonly stripe: Promise<Stripe>) {}

  // https://docs.stripe.com/api/invoices/list
  async listInvoices(limit: number, startingAfter: string | undefined): Promise<{ data: StripeInvoice[]; hasMore: boolean }> {
    const page = await callStripe(this.stripe, (stripe) => stripe.invoices.list({ limit, ...(startingAfter !== undefined && { starting_after: startingAfter }) }));
    const parsed = parse(stripeListSchema(stripeInvoiceSchema), page, 'the invoice list');
    return { data: parsed.data, hasMore: parsed.has_more };
  }

  // https://docs.stripe.com/api/invoices/retrieve
  retrieveInvoice(id: string): Promise<StripeInvoice | null> {
    return this.orNull((stripe) => stripe.invoices.retrieve(id), (raw) => parse(stripeInvoiceSchema, raw, 'an invoice'));
  }

  // https://docs.stripe.com/api/customers/search: up to 10 emails per query, every page.
  async searchCustomersByEmails(emails: readonly string[]): Promise<StripeCustomer[]> {
    const found: StripeCustomer[] = [];
    for (const group of chunks(emails, SEARCH_CLAUSES)) {
      const query = group.map((email) => `email:${quote(email)}`).join(' OR ');
      found.push(...(await this.searchAll((stripe, page) => stripe.customers.search({ query, limit: MAX_PAGE, ...(page !== undefined && { page }) }), stripeCustomerSchema, 'a customer search')));
    }
    return found;
  }

  // https://docs.stripe.com/api/invoices/search: up to 10 customers per query, every page.
  async searchInvoicesByCustomers(customerIds: readonly string[]): Promise<StripeInvoice[]> {
    const found: StripeInvoice[] = [];
    for (const group of chunks(customerIds, SEARCH_CLAUSES)) {
      const query = group.map((id) => `customer:${quote(id)}`).join(' OR ');
      found.push(...(await this.searchAll((stripe, page) => stripe.invoices.search({ query, limit: MAX_PAGE, ...(page !== undefined && { page }) }), stripeInvoiceSchema, 'an invoice search')));
    }
    return found;
  }

  // https://docs.stripe.com/api/subscriptions/list: `status=all`, or canceled ones are left out.
  async listSubscriptions(limit: number, startingAfter: string | undefined): Promise<{ data: StripeSubscription[]; hasMore: boolean }> {
    const page = await callStripe(this.stripe, (stripe) => stripe.subscriptions.list({ limit, status: 'all', expand: ['data.customer'], ...(startingAfter !== undefined && { starting_after: startingAfter }) }));
    const parsed = parse(stripeListSchema(stripeSubscriptionSchema), page, 'the subscription list');
    return { data: parsed.data, hasMore: parsed.has_more };
  }

  // https://docs.stripe.com/api/subscriptions/retrieve
  retrieveSubscription(id: string): Promise<StripeSubscription | null> {
    return this.orNull((stripe) => stripe.subscriptions.retrieve(id, { expand: ['customer'] }), (raw) => parse(stripeSubscriptionSchema, raw, 'a subscription'));
  }

  // https://docs.stripe.com/api/products/list: names of up to 100 products in one call.
  async productNames(productIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const ids of chunks([...new Set(productIds)], MAX_PAGE)) {
      const page = await callStripe(this.stripe, (stripe) => stripe.products.list({ ids, limit: MAX_PAGE }));
      for (const product of parse(stripeListSchema(stripeProductSchema), page, 'the product list').data) names.set(product.id, product.name);
    }
    return names;
  }

  /**
   * https://docs.stripe.com/api/subscriptions/update (cancel_at_period_end). `replayed` is Stripe's
   * `Idempotent-Replayed` header: the answer is the one stored for an earlier request with this key.
   */
  async cancelAtPeriodEnd(id: string, idempotencyKey: string): Promise<{ subscription: StripeSubscription; replayed: boolean }> {
    const raw = await callStripe(this.stripe, (stripe) => stripe.subscriptions.update(id, { cancel_at_period_end: true, expand: ['customer'] }, { idempotencyKey }));
    return { subscription: parse(stripeSubscriptionSchema, raw, 'a subscription update'), replayed: headerOf(raw.lastResponse.headers, 'idempotent-replayed') === 'true' };
  }

  /**
   * https://docs.stripe.com/api/subscriptions/cancel. Stripe ignores Idempotency-Key on DELETE (it sends
   * one anyway, as every write does); a DELETE repeated after a lost answer is refused because the first
   * one went through, so a refusal is checked against the subscription before it is reported.
   */
  async cancelNow(id: string, idempotencyKey: string): Promise<StripeSubscription> {
    try {
      const raw = await callStripe(this.stripe, (stripe) => stripe.subscriptions.cancel(id, { expand: ['customer'] }, { idempotencyKey }));
      return parse(stripeSubscriptionSchema, raw, 'a subscription cancellation');
    } catch (error) {
      if (!(error instanceof ConnectorError) || !['not_found', 'misconfigured'].includes(error.code)) throw error;
      const current = await this.retrieveSubscription(id);
      if (current?.status === 'canceled') return current;
      throw error;
    }
  }

  // https://docs.stripe.com/api/customers/create
  async createCustomer(email: string, idempotencyKey: string): Promise<StripeCustomer> {
    return parse(stripeCustomerSchema, await callStripe(this.stripe, (stripe) => stripe.customers.create({ email }, { idempotencyKey })), 'a customer creation');
  }

  /**
   * https://docs.stripe.com/api/invoices/create: a draft that stays a draft (`auto_advance: false`) and takes
   * only the items added to it afterwards (`pending_invoice_items_behavior: exclude`).
   */
  async createDraftInvoice(input: { customer: string; currency: string; description: string | undefined }, idempotencyKey: string): Promise<StripeInvoice> {
    const params = { customer: input.customer, currency: input.currency.toLowerCase(), auto_advance: false, pending_invoice_items_behavior: 'exclude' as const, ...(input.description && { description: input.description }) };
    return parse(stripeInvoiceSchema, await callStripe(this.stripe, (stripe) => stripe.invoices.create(params, { idempotencyKey })), 'an invoice creation');
  }

  // https://docs.stripe.com/api/invoiceitems/create: one line of a draft invoice, in minor units.
  async addInvoiceItem(input: { customer: string; invoice: string; amount: number; currency: string; description: string }, idempotencyKey: string): Promise<void> {
    await callStripe(this.stripe, (stripe) => stripe.invoiceItems.create({ ...input, currency: input.currency.toLowerCase() }, { idempotencyKey }));
  }

  // https://docs.stripe.com/api/invoices/delete: only a draft can be deleted.
  async deleteDraftInvoice(id: string): Promise<void> {
    await callStripe(this.stripe, (stripe) => stripe.invoices.del(id));
  }

  // https://docs.stripe.com/api/invoices/void: an open (finalized, unpaid) invoice.
  async voidInvoice(id: string, idempotencyKey: string): Promise<void> {
    await callStripe(this.stripe, (stripe) => stripe.invoices.voidInvoice(id, {}, { idempotencyKey }));
  }

  private async orNull<R, T>(call: (stripe: Stripe) => Promise<R>, toValue: (raw: R) => T): Promise<T | null> {
    try {
      return toValue(await callStripe(this.stripe, call));
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') return null;
      throw error;
    }
  }

  /** Follows `next_page` until the search result says there is no more (bounded: 100 pages). */
  private async searchAll<T extends z.ZodType>(fetchPage: (stripe: Stripe, page: string | undefined) => Promise<unknown>, item: T, what: string): Promise<z.infer<T>[]> {
    const found: z.infer<T>[] = [];
    let page: string | undefined;
    for (let i = 0; i < 100; i += 1) {
      const result = parse(stripeSearchSchema(item), await callStripe(this.stripe, (stripe) => fetchPage(stripe, page)), what);
      found.push(...result.data);
      if (!result.has_more || !result.next_page) return found;
      page = result.next_page;
    }
    throw new ConnectorError('invalid_response', STRIPE_PROVIDER, `Stripe ${what} did not end after 100 pages`);
  }
}
