import { orNotFound, pageRequest, type BillingPort, type Invoice, type OutboxPort, type Page, type Subscription } from '@bizosaas/domain';
import { BillingIntents } from './billing.intents.js';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import type { BillingLoaders } from './commerce.loaders.js';

/** Billing reads and the one billing write (cancel). One per request. */
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
}
