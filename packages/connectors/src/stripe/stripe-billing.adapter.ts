import { ConnectorError, DomainError, EntityIds, NotFoundError, Violations, type BillingPort, type Invoice, type NewInvoice, type Page, type PageRequest, type Subscription } from '@bizosaas/domain';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { StripeBillingApi } from './stripe.api.js';
import { encodeStripeCursor, isStripeId, stripeStartingAfter } from './stripe.cursor.js';
import { stripeIdempotencyKey } from './stripe.idempotency.js';
import { moneyToStripe, stripeDecimals } from './stripe.money.js';
import { invoiceFromStripe, STRIPE_PROVIDER, StripeKinds, subscriptionFromStripe } from './stripe.mapping.js';
import type { StripeInvoice, StripeSubscription } from './stripe.schemas.js';

/** What the adapter needs: a configured stripe client and the connection minting ids. */
export interface StripeBillingAdapterOptions {
  /** The client as `createStripeClient` returns it (built once the stripe package has loaded). */
  readonly stripe: Promise<Stripe>;
  readonly connectionId: string;
}

const NAMESPACE = 'BILLING';
/** Parallel single reads for batch reads: Stripe has no read-by-ids for invoices or subscriptions. */
const READ_CONCURRENCY = 8;

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * BillingPort over Stripe's API through the official `stripe` package. Lists page with `starting_after`
 * (newest first, as Stripe lists); batch reads are parallel single reads (Stripe has no batch read);
 * invoices by email go through customer search and invoice search, ten clauses a query. Cancelling reads
 * the subscription first, so an already canceled or already ending one is answered unchanged, and each
 * write carries an Idempotency-Key derived from the operation.
 */
export class StripeBillingAdapter implements BillingPort {
  readonly provider = STRIPE_PROVIDER;
  private readonly api: StripeBillingApi;
  private readonly ids: EntityIds;

  constructor(private readonly options: StripeBillingAdapterOptions) {
    this.api = new StripeBillingApi(options.stripe);
    this.ids = new EntityIds(options.connectionId);
  }

  async listInvoices(request: PageRequest): Promise<Page<Invoice>> {
    const page = await this.api.listInvoices(request.first, stripeStartingAfter(request, 'in_'));
    return this.toPage(page, (raw) => invoiceFromStripe(raw, this.ids));
  }

  async getInvoices(ids: readonly string[]): Promise<readonly (Invoice | null)[]> {
    const raws = await this.readEach(ids, StripeKinds.Invoice, 'in_', (id) => this.api.retrieveInvoice(id));
    return raws.map((raw) => (raw === null || !raw.status ? null : invoiceFromStripe(raw, this.ids)));
  }

  /** Newest first per email; matched case-insensitively on the invoice's customer email. */
  async findInvoicesByEmails(emails: readonly string[]): Promise<readonly (readonly Invoice[])[]> {
    if (emails.length === 0) return [];
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    const customers = (await this.api.searchCustomersByEmails(wanted)).filter((c) => c.email !== null && c.email !== undefined && wanted.includes(c.email.toLowerCase()));
    const invoices = customers.length === 0 ? [] : await this.api.searchInvoicesByCustomers([...new Set(customers.map((c) => c.id))]);
    const byEmail = new Map<string, Invoice[]>();
    const seen = new Set<string>();
    for (const raw of [...invoices].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))) {
      if (!raw.status || seen.has(raw.id)) continue;
      seen.add(raw.id);
      const invoice = invoiceFromStripe(raw, this.ids);
      const key = invoice.customerEmail?.toLowerCase() ?? '';
      byEmail.set(key, [...(byEmail.get(key) ?? []), invoice]);
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? []);
  }

  /**
   * The customer with that email (search; created when Stripe has none), a draft invoice, then one invoice
   * item per line, each write under an Idempotency-Key derived from the caller's key, so a repeat replays
   * the first invoice instead of billing twice. Without a key, one is drawn for this call (retries within
   * it still replay). Answers the invoice read back with its total.
   */
  async createInvoice(input: NewInvoice, options: { readonly idempotencyKey?: string | undefined } = {}): Promise<Invoice> {
    const v = new Violations();
    const amounts = input.lines.map((line, i) => {
      const minor = line.amount.currency === input.currency ? moneyToStripe(line.amount) : null;
      if (minor === null || minor <= 0) v.add(`lines[${i}].amount`, `must be a positive amount in ${input.currency} with at most ${stripeDecimals(input.currency)} decimals`);
      return minor ?? 0;
    });
    if (input.lines.length === 0) v.add('lines', 'must have at least one line');
    v.throwIfAny();
    const args = { request: options.idempotencyKey ?? randomUUID() };
    const email = input.customerEmail.toLowerCase();
    const [known] = (await this.api.searchCustomersByEmails([email])).filter((c) => c.email?.toLowerCase() === email && c.deleted !== true);
    const customer = known ?? (await this.api.createCustomer(input.customerEmail, this.key('create-customer', email, args)));
    const draft = await this.api.createDraftInvoice({ customer: customer.id, currency: input.currency, description: input.memo ?? undefined }, this.key('create-invoice', email, args));
    for (const [i, line] of input.lines.entries()) {
      await this.api.addInvoiceItem({ customer: customer.id, invoice: draft.id, amount: amounts[i] ?? 0, currency: input.currency, description: line.description }, this.key('add-invoice-item', draft.id, { ...args, line: String(i) }));
    }
    const created = await this.api.retrieveInvoice(draft.id);
    if (created === null) throw new ConnectorError('invalid_response', STRIPE_PROVIDER, `Stripe created invoice ${draft.id} but cannot find it`);
    return invoiceFromStripe(created, this.ids);
  }

  /** A draft is deleted, an open or uncollectible invoice voided; a void or deleted one is left alone; a paid one is refused. */
  async voidInvoice(id: string, options: { readonly idempotencyKey?: string | undefined } = {}): Promise<void> {
    const externalId = this.ids.decode(StripeKinds.Invoice, id);
    const current = externalId !== undefined && isStripeId(externalId, 'in_') ? await this.api.retrieveInvoice(externalId) : null;
    if (externalId === undefined || current === null) throw new NotFoundError(StripeKinds.Invoice, id, NAMESPACE);
    if (current.status === 'paid') throw new DomainError('invalid_state', 'BILLING.INVOICE_PAID', 'the invoice is paid: refund it instead of voiding it');
    if (current.status === 'draft') await this.api.deleteDraftInvoice(externalId);
    else if (current.status === 'open' || current.status === 'uncollectible') await this.api.voidInvoice(externalId, this.key('void-invoice', externalId, options.idempotencyKey === undefined ? {} : { intent: options.idempotencyKey }));
  }

  async listSubscriptions(request: PageRequest): Promise<Page<Subscription>> {
    const page = await this.api.listSubscriptions(request.first, stripeStartingAfter(request, 'sub_'));
    const products = await this.productNamesFor(page.data);
    return this.toPage(page, (raw) => subscriptionFromStripe(raw, this.ids, products));
  }

  async getSubscriptions(ids: readonly string[]): Promise<readonly (Subscription | null)[]> {
    const raws = await this.readEach(ids, StripeKinds.Subscription, 'sub_', (id) => this.api.retrieveSubscription(id));
    const products = await this.productNamesFor(raws.filter((raw): raw is StripeSubscription => raw !== null));
    return raws.map((raw) => (raw === null ? null : subscriptionFromStripe(raw, this.ids, products)));
  }

  /**
   * At period end by default (`cancel_at_period_end`), or at once when `immediately` (`DELETE`). A
   * subscription that is already canceled, or already ending when asked to end at period end, is answered
   * unchanged without a write. Raises `NotFoundError` for an unknown, wrong-kind, foreign or malformed id.
   */
  async cancelSubscription(id: string, options: { readonly immediately?: boolean; readonly idempotencyKey?: string | undefined } = {}): Promise<Subscription> {
    const externalId = this.ids.decode(StripeKinds.Subscription, id);
    const current = externalId !== undefined && isStripeId(externalId, 'sub_') ? await this.api.retrieveSubscription(externalId) : null;
    if (externalId === undefined || current === null) throw new NotFoundError(StripeKinds.Subscription, id, NAMESPACE);
    const immediately = options.immediately === true;
    const unchanged = current.status === 'canceled' || current.status === 'incomplete_expired' || (!immediately && current.cancel_at_period_end);
    // The caller's key (an outbox intent's) joins the derived one, so a re-sent intent replays its own write.
    const args: Record<string, string> = options.idempotencyKey === undefined ? {} : { intent: options.idempotencyKey };
    const result = unchanged ? current : immediately ? await this.api.cancelNow(externalId, this.key('cancel-now', externalId, args)) : await this.endAtPeriodEnd(externalId, args);
    return subscriptionFromStripe(result, this.ids, await this.productNamesFor([result]));
  }

  private key(operation: string, externalId: string, args: Readonly<Record<string, string>> = {}): string {
    return stripeIdempotencyKey(this.options.connectionId, operation, externalId, args);
  }

  /**
   * Sets `cancel_at_period_end`. The key is the operation's, so a retry replays; but Stripe keeps keys for
   * 24 hours, and a subscription reactivated (in the dashboard) and cancelled again within them would get
   * the first cancellation's stored answer while nothing changed. A replayed answer is therefore checked
   * against the subscription, and when the change is not there it is sent once more under a key derived
   * from the replayed one (again deterministic, so that write is retry-safe too).
   */
  private async endAtPeriodEnd(externalId: string, args: Readonly<Record<string, string>>): Promise<StripeSubscription> {
    const key = this.key('cancel-at-period-end', externalId, args);
    const first = await this.api.cancelAtPeriodEnd(externalId, key);
    if (!first.replayed) return first.subscription;
    const now = await this.api.retrieveSubscription(externalId);
    if (now === null || now.cancel_at_period_end || now.status === 'canceled') return now ?? first.subscription;
    return (await this.api.cancelAtPeriodEnd(externalId, this.key('cancel-at-period-end', externalId, { ...args, after: key }))).subscription;
  }

  /** One slot per id in request order; ids that cannot be this connection's Stripe objects cost no call. */
  private async readEach<T>(ids: readonly string[], kind: string, prefix: 'in_' | 'sub_', read: (externalId: string) => Promise<T | null>): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => {
      const externalId = this.ids.decode(kind, id);
      return externalId !== undefined && isStripeId(externalId, prefix) ? externalId : undefined;
    });
    const unique = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    const found = new Map(await mapLimit(unique, READ_CONCURRENCY, async (externalId) => [externalId, await read(externalId)] as const));
    return externalIds.map((externalId) => (externalId === undefined ? null : (found.get(externalId) ?? null)));
  }

  /** Names of products whose prices have no nickname, in one products call. */
  private async productNamesFor(subscriptions: readonly StripeSubscription[]): Promise<Map<string, string>> {
    const ids = subscriptions.flatMap((s) => s.items.data.flatMap(({ price }) => (price.nickname || typeof price.product !== 'string' ? [] : [price.product])));
    return ids.length === 0 ? new Map() : this.api.productNames(ids);
  }

  private toPage<R extends StripeInvoice | StripeSubscription, T>(page: { data: R[]; hasMore: boolean }, toNode: (raw: R) => T): Page<T> {
    const rows = page.data.filter((raw) => raw.object !== 'invoice' || Boolean(raw.status));
    const items = rows.map((raw) => ({ node: toNode(raw), cursor: encodeStripeCursor(raw.id) }));
    const last = page.data[page.data.length - 1];
    return { items, endCursor: page.hasMore && last !== undefined ? encodeStripeCursor(last.id) : null, hasNextPage: page.hasMore, totalCount: null };
  }
}
