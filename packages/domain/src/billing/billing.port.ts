import type { Page, PageRequest } from '../shared/page.js';
import type { Invoice, NewInvoice, Subscription } from './billing.entities.js';

/**
 * A tenant's billing system (Stripe, sandbox).
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`).
 */
export interface BillingPort {
  readonly provider: string;
  listInvoices(request: PageRequest): Promise<Page<Invoice>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getInvoices(ids: readonly string[]): Promise<readonly (Invoice | null)[]>;
  /** Invoices per customer email: one slot per email in request order. One upstream call per batch. */
  findInvoicesByEmails(emails: readonly string[]): Promise<readonly (readonly Invoice[])[]>;
  /**
   * Creates a draft invoice (status `draft`, total the sum of the lines) for the customer with that email,
   * creating the customer at the provider when it has none. `idempotencyKey`: the same key sent again answers
   * the invoice the first call created, never a second one (Stripe: its `Idempotency-Key` header; the
   * sandbox: a unique key column). Raises `ValidationError` naming `customerEmail`, `currency` or
   * `lines[i].amount` for what the provider refuses; `ConnectorError('not_supported')` where the provider
   * connection cannot create invoices.
   */
  createInvoice(input: NewInvoice, options?: { readonly idempotencyKey?: string | undefined }): Promise<Invoice>;
  /**
   * Takes back an invoice that was not paid: a draft is discarded (Stripe deletes it; the sandbox marks it
   * `void`), an open one voided. Afterwards `getInvoices` answers null or status `void` for it; repeating
   * the call changes nothing (where the draft was deleted, the repeat raises `NotFoundError`). Raises `NotFoundError` for an unknown id and
   * `DomainError('invalid_state', 'BILLING.INVOICE_PAID')` for a paid invoice.
   */
  voidInvoice(id: string, options?: { readonly idempotencyKey?: string | undefined }): Promise<void>;
  listSubscriptions(request: PageRequest): Promise<Page<Subscription>>;
  /** Batch read; same contract as `getInvoices`. */
  getSubscriptions(ids: readonly string[]): Promise<readonly (Subscription | null)[]>;
  /**
   * Cancels at period end (or at once when `immediately`). Raises `NotFoundError` when `id` is unknown.
   * `idempotencyKey` (an outbox intent's): the same key sent again never cancels twice, so a write whose
   * outcome a crash hid can be re-sent. Providers that take a key derive theirs from it.
   */
  cancelSubscription(id: string, options?: { readonly immediately?: boolean; readonly idempotencyKey?: string | undefined }): Promise<Subscription>;
}
