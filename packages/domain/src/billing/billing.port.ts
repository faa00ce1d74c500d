import type { Page, PageRequest } from '../shared/page.js';
import type { Invoice, Subscription } from './billing.entities.js';

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
