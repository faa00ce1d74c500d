import {
  addMoney,
  DomainError,
  EntityIds,
  NotFoundError,
  parseEmail,
  Violations,
  type NewInvoice,
  type BillingPort,
  type Invoice,
  type Page,
  type PageRequest,
  type SqlClient,
  type Subscription,
} from '@bizosaas/domain';
import { randomUUID } from 'node:crypto';
import { seqAfter, toPage } from '../shared/paging.js';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { BillingKinds, invoiceFromRow, subscriptionFromRow } from './sandbox-billing.mapping.js';
import { parseInvoiceRow, parseSubscriptionRow } from './sandbox-billing.rows.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxBillingAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

type Table = 'sandbox_billing_invoices' | 'sandbox_billing_subscriptions';
const NAMESPACE = 'BILLING';

/**
 * The sandbox billing system: a real `BillingPort` over tables in the platform database. Batch reads are
 * one query, lists page with opaque cursors, ids are scoped to the connection, and cancelling is one
 * guarded UPDATE, so repeating it changes nothing.
 */
export class SandboxBillingAdapter implements BillingPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxBillingAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  async listInvoices(request: PageRequest): Promise<Page<Invoice>> {
    const { rows, total } = await this.listRows('sandbox_billing_invoices', request);
    return toPage(rows.map(parseInvoiceRow), request.first, total, (row) => invoiceFromRow(row, this.ids));
  }

  getInvoices(ids: readonly string[]): Promise<readonly (Invoice | null)[]> {
    return this.batch(BillingKinds.Invoice, 'sandbox_billing_invoices', ids, (row) => invoiceFromRow(parseInvoiceRow(row), this.ids));
  }

  async findInvoicesByEmails(emails: readonly string[]): Promise<readonly (readonly Invoice[])[]> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (wanted.length === 0) return [];
    // Newest first, like a billing portal's invoice history.
    const { rows } = await this.sql.query(
      'select * from sandbox_billing_invoices where dataset = $1 and lower(customer_email) = any($2::text[]) order by created_at desc, seq desc',
      [this.dataset, wanted],
    );
    const byEmail = new Map<string, Invoice[]>();
    for (const row of rows) {
      const invoice = invoiceFromRow(parseInvoiceRow(row), this.ids);
      const key = (invoice.customerEmail ?? '').toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), invoice]);
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? []);
  }

  /**
   * Inserts a draft whose total is the sum of the lines. With `idempotencyKey` the insert is skipped when the
   * dataset already has an invoice for that key, and that invoice is answered: a repeat creates nothing.
   */
  async createInvoice(input: NewInvoice, options: { readonly idempotencyKey?: string | undefined } = {}): Promise<Invoice> {
    const v = new Violations();
    const email = v.collect(() => parseEmail(input.customerEmail, 'customerEmail'));
    if (!/^[A-Z]{3}$/.test(input.currency)) v.add('currency', `must be an ISO 4217 currency code such as "EUR" (got "${input.currency}")`);
    if (input.lines.length === 0) v.add('lines', 'must have at least one line');
    let total = { amount: '0.00', currency: input.currency };
    for (const [i, line] of input.lines.entries()) {
      if (line.amount.currency !== input.currency) v.add(`lines[${i}].amount`, `is in ${line.amount.currency}, the invoice in ${input.currency}`);
      else if (!/^(0|[1-9]\d*)(\.\d{1,4})?$/.test(line.amount.amount) || !/[1-9]/.test(line.amount.amount)) v.add(`lines[${i}].amount`, 'must be a positive decimal string such as "120.00"');
      else total = addMoney(total, line.amount, `lines[${i}].amount`);
    }
    v.throwIfAny();
    const key = options.idempotencyKey ?? null;
    const { rows } = await this.sql.query(
      `insert into sandbox_billing_invoices (dataset, id, number, customer_email, status, currency, total, amount_due, idempotency_key)
       values ($1, $2, null, $3, 'draft', $4, $5, $5, $6) on conflict (dataset, idempotency_key) do nothing returning *`,
      [this.dataset, `in_${randomUUID().replace(/-/g, '').slice(0, 20)}`, email ?? input.customerEmail, input.currency, total.amount, key],
    );
    if (rows[0] !== undefined) return invoiceFromRow(parseInvoiceRow(rows[0]), this.ids);
    const first = await this.sql.query('select * from sandbox_billing_invoices where dataset = $1 and idempotency_key = $2', [this.dataset, key]);
    if (first.rows[0] === undefined) throw new Error('an invoice insert conflicted on its idempotency key but no invoice has that key');
    return invoiceFromRow(parseInvoiceRow(first.rows[0]), this.ids);
  }

  /** A draft or open invoice becomes `void` (amount due zero); a void one is left as it is; a paid one is refused. */
  async voidInvoice(id: string): Promise<void> {
    const externalId = this.ids.decode(BillingKinds.Invoice, id);
    if (externalId === undefined) throw new NotFoundError(BillingKinds.Invoice, id, NAMESPACE);
    const { rows } = await this.sql.query(
      `update sandbox_billing_invoices set status = case when status in ('draft', 'open') then 'void' else status end,
         amount_due = case when status in ('draft', 'open') then '0.00' else amount_due end, updated_at = now()
       where dataset = $1 and id = $2 returning status`,
      [this.dataset, externalId],
    );
    const status = rows[0]?.status;
    if (status === undefined) throw new NotFoundError(BillingKinds.Invoice, id, NAMESPACE);
    if (status === 'paid') throw new DomainError('invalid_state', 'BILLING.INVOICE_PAID', 'the invoice is paid: refund it instead of voiding it');
  }

  async listSubscriptions(request: PageRequest): Promise<Page<Subscription>> {
    const { rows, total } = await this.listRows('sandbox_billing_subscriptions', request);
    return toPage(rows.map(parseSubscriptionRow), request.first, total, (row) => subscriptionFromRow(row, this.ids));
  }

  getSubscriptions(ids: readonly string[]): Promise<readonly (Subscription | null)[]> {
    return this.batch(BillingKinds.Subscription, 'sandbox_billing_subscriptions', ids, (row) => subscriptionFromRow(parseSubscriptionRow(row), this.ids));
  }

  /**
   * At period end by default: `cancel_at_period_end` is set and the status stays (the customer keeps what
   * they paid for). `immediately` ends it now: status `canceled`. A canceled subscription is answered
   * unchanged. Raises `NotFoundError` for an unknown, wrong-kind or malformed id.
   */
  /** The idempotency key is not needed: the write joins the outbox's transaction. */
  async cancelSubscription(id: string, options: { readonly immediately?: boolean; readonly idempotencyKey?: string | undefined } = {}): Promise<Subscription> {
    const externalId = this.ids.decode(BillingKinds.Subscription, id);
    if (externalId === undefined) throw new NotFoundError(BillingKinds.Subscription, id, NAMESPACE);
    const { rows } = await this.sql.query(
      options.immediately === true
        ? `update sandbox_billing_subscriptions set status = 'canceled', cancel_at_period_end = false, updated_at = now()
            where dataset = $1 and id = $2 and status <> 'canceled' returning *`
        : `update sandbox_billing_subscriptions set cancel_at_period_end = true, updated_at = now()
            where dataset = $1 and id = $2 and status <> 'canceled' and not cancel_at_period_end returning *`,
      [this.dataset, externalId],
    );
    if (rows[0] !== undefined) return subscriptionFromRow(parseSubscriptionRow(rows[0]), this.ids);
    // Nothing to change (already canceled, or already ending at period end) or no such subscription.
    const [current] = await this.getSubscriptions([id]);
    if (current === undefined || current === null) throw new NotFoundError(BillingKinds.Subscription, id, NAMESPACE);
    return current;
  }

  /** One page plus one row (to learn whether a next page exists) and the total. */
  private async listRows(table: Table, request: PageRequest): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const count = await this.sql.query(`select count(*)::int as total from ${table} where dataset = $1`, [this.dataset]);
    const { rows } = await this.sql.query(`select * from ${table} where dataset = $1 and seq > $2::bigint order by seq limit $3`, [this.dataset, seqAfter(request), request.first + 1]);
    const total = count.rows[0]?.total;
    return { rows, total: typeof total === 'number' ? total : 0 };
  }

  /** Batch read in one query; one slot per requested id, in request order, null for unknown ids. */
  private async batch<T extends { readonly externalId: string }>(kind: string, table: Table, ids: readonly string[], toEntity: (row: unknown) => T): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(kind, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { rows } = await this.sql.query(`select * from ${table} where dataset = $1 and id = any($2::text[])`, [this.dataset, wanted]);
    const byExternalId = new Map(rows.map((row) => {
      const entity = toEntity(row);
      return [entity.externalId, entity] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byExternalId.get(externalId) ?? null)));
  }
}
