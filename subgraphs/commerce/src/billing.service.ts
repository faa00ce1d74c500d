import { BillingEventTypes, createEvent, orNotFound, pageRequest, parseEmail, Violations, type BillingPort, type Invoice, type NewInvoice, type OutboxPort, type Page, type Subscription } from '@bizosaas/domain';
import { BillingIntents } from './billing.intents.js';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import type { BillingLoaders } from './commerce.loaders.js';

const MAX_INVOICE_LINES = 100;
const AMOUNT = /^(0|[1-9]\d{0,14})(\.\d{1,4})?$/;
/** An invoice the provider created longer ago than this before the call is the answer to a repeated key, not a new one. */
const REPLAY_MARGIN_MS = 2_000;

/** Billing reads and writes (create and void invoices, cancel subscriptions). One per request. */
export class BillingService {
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: BillingPort,
    private readonly loaders: BillingLoaders,
    private readonly identity: ContextClaims,
    outbox: OutboxPort,
  ) {
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async invoice(id: string): Promise<Invoice> {
    return orNotFound(await this.loaders.invoices.load(id), 'Invoice', id, 'BILLING');
  }

  async subscription(id: string): Promise<Subscription> {
    return orNotFound(await this.loaders.subscriptions.load(id), 'Subscription', id, 'BILLING');
  }

  findInvoice(id: string): Promise<Invoice | null> {
    return this.loaders.invoices.load(id);
  }

  findSubscription(id: string): Promise<Subscription | null> {
    return this.loaders.subscriptions.load(id);
  }

  invoicesOf(email: string): Promise<readonly Invoice[]> {
    return this.loaders.invoicesByEmail.load(email);
  }

  invoices(first: number, after?: string | null): Promise<Page<Invoice>> {
    return this.port.listInvoices(pageRequest(first, after));
  }

  subscriptions(first: number, after?: string | null): Promise<Page<Subscription>> {
    return this.port.listSubscriptions(pageRequest(first, after));
  }

  async cancelSubscription(id: string, immediately: boolean): Promise<Subscription> {
    requireRole(this.identity, WRITE_ROLES, 'BILLING', 'Cancelling subscriptions');
    await this.subscription(id);
    // The intent is recorded before the provider is called: after a crash the recovery pass re-sends the
    // cancellation with the same idempotency key (billing.intents.ts). Its events come from the provider's webhook.
    const input = { subscriptionId: id, immediately };
    const updated = await this.writes.commit(BillingIntents.CancelSubscription, input, (_record, idempotencyKey) => this.port.cancelSubscription(id, { immediately, idempotencyKey }));
    this.loaders.subscriptions.clear(id).prime(id, updated);
    return updated;
  }

  /**
   * Creates a draft invoice. The rules (email, currency, 1..100 positive lines in the invoice's currency) are
   * checked first, naming `input.<field>`. The intent is recorded before the provider is called and carries
   * the idempotency key the provider gets (the caller's, e.g. a workflow step's, or else the intent's), so a
   * re-sent create answers the first invoice (billing.intents.ts). Records `billing.invoice.created.v1`, but
   * not for an invoice the provider answered from an earlier call with the same key.
   */
  async createInvoice(input: NewInvoice, idempotencyKey?: string): Promise<Invoice> {
    requireRole(this.identity, WRITE_ROLES, 'BILLING', 'Creating invoices');
    const v = new Violations();
    const email = v.collect(() => parseEmail(input.customerEmail, 'input.customerEmail'));
    if (!/^[A-Z]{3}$/.test(input.currency)) v.add('input.currency', `must be an ISO 4217 currency code such as "EUR" (got "${input.currency}")`);
    if (input.lines.length < 1 || input.lines.length > MAX_INVOICE_LINES) v.add('input.lines', `must have 1 to ${MAX_INVOICE_LINES} lines (got ${input.lines.length})`);
    for (const [i, line] of input.lines.entries()) {
      if (!line.description.trim() || line.description.length > 500) v.add(`input.lines[${i}].description`, 'must be 1 to 500 characters');
      if (line.amount.currency !== input.currency) v.add(`input.lines[${i}].amount.currency`, `must be the invoice's currency ${input.currency} (got ${line.amount.currency})`);
      if (!AMOUNT.test(line.amount.amount) || !/[1-9]/.test(line.amount.amount)) v.add(`input.lines[${i}].amount.amount`, `must be a positive decimal string such as "120.00" (got "${line.amount.amount}")`);
    }
    v.throwIfAny();
    const normalized: NewInvoice = { ...input, customerEmail: email ?? input.customerEmail };
    const startedAt = Date.now();
    const recorded = { invoice: JSON.parse(JSON.stringify(normalized)) as unknown, idempotencyKey: idempotencyKey ?? null };
    const created = await this.writes.commit(BillingIntents.CreateInvoice, recorded, async (record, intentKey) => {
      const invoice = await this.port.createInvoice(normalized, { idempotencyKey: idempotencyKey ?? intentKey });
      if (invoice.createdAt.getTime() >= startedAt - REPLAY_MARGIN_MS) record(this.invoiceCreated(invoice));
      return invoice;
    });
    this.loaders.invoices.clear(created.id).prime(created.id, created);
    this.loaders.invoicesByEmail.clearAll();
    return created;
  }

  /** Takes back an unpaid invoice (a workflow's compensation); the provider refuses a paid one (`BILLING.INVOICE_PAID`). */
  async voidInvoice(id: string, idempotencyKey?: string): Promise<void> {
    requireRole(this.identity, WRITE_ROLES, 'BILLING', 'Voiding invoices');
    await this.port.voidInvoice(id, { idempotencyKey });
    this.loaders.invoices.clear(id);
    this.loaders.invoicesByEmail.clearAll();
  }

  private invoiceCreated(invoice: Invoice) {
    const payload = { invoiceId: invoice.id, email: invoice.customerEmail, total: invoice.total };
    return createEvent(BillingEventTypes.InvoiceCreated, payload, { tenantId: this.identity.tenantId, source: 'billing', correlationId: this.identity.requestId });
  }
}
