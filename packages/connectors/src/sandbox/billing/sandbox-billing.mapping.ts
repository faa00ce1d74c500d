import type { EntityIds, Invoice, Source, Subscription } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxInvoiceRow, SandboxSubscriptionRow } from './sandbox-billing.rows.js';

/** Canonical entity kinds of billing, as encoded into ids by `EntityIds`. */
export const BillingKinds = { Invoice: 'Invoice', Subscription: 'Subscription' } as const;

function sourceOf(ids: EntityIds): Source {
  return { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId };
}

/** An invoices row as a canonical Invoice. Pure: no I/O. */
export function invoiceFromRow(row: SandboxInvoiceRow, ids: EntityIds): Invoice {
  return {
    id: ids.encode(BillingKinds.Invoice, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    number: row.number,
    customerEmail: row.customer_email,
    status: row.status,
    total: { amount: row.total, currency: row.currency },
    amountDue: { amount: row.amount_due, currency: row.currency },
    dueDate: row.due_date,
  };
}

/** A subscriptions row as a canonical Subscription. */
export function subscriptionFromRow(row: SandboxSubscriptionRow, ids: EntityIds): Subscription {
  return {
    id: ids.encode(BillingKinds.Subscription, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    customerEmail: row.customer_email,
    status: row.status,
    planName: row.plan_name,
    price: { amount: row.price, currency: row.currency },
    interval: row.interval,
    currentPeriodEnd: row.current_period_end,
    cancelAtPeriodEnd: row.cancel_at_period_end,
  };
}
