import type { BillingPort, CommercePort, Customer, Invoice, Order, Product, Subscription } from '@bizosaas/domain';
import DataLoader from 'dataloader';

/** Per-request, per-tenant loaders over the shop: one batch call per entity type per response. */
export interface CommerceLoaders {
  readonly products: DataLoader<string, Product | null>;
  readonly orders: DataLoader<string, Order | null>;
  readonly customers: DataLoader<string, Customer | null>;
  /** `Contact.orders` for a whole response: one `findOrdersByEmails` call. */
  readonly ordersByEmail: DataLoader<string, readonly Order[]>;
}

export function createCommerceLoaders(port: CommercePort): CommerceLoaders {
  return {
    products: new DataLoader((ids) => port.getProducts(ids)),
    orders: new DataLoader((ids) => port.getOrders(ids)),
    customers: new DataLoader((ids) => port.getCustomers(ids)),
    ordersByEmail: new DataLoader((emails) => port.findOrdersByEmails(emails), { cacheKeyFn: (email) => email.toLowerCase() }),
  };
}

/** The same for billing. */
export interface BillingLoaders {
  readonly invoices: DataLoader<string, Invoice | null>;
  readonly subscriptions: DataLoader<string, Subscription | null>;
  /** `Contact.invoices` for a whole response: one `findInvoicesByEmails` call. */
  readonly invoicesByEmail: DataLoader<string, readonly Invoice[]>;
}

export function createBillingLoaders(port: BillingPort): BillingLoaders {
  return {
    invoices: new DataLoader((ids) => port.getInvoices(ids)),
    subscriptions: new DataLoader((ids) => port.getSubscriptions(ids)),
    invoicesByEmail: new DataLoader((emails) => port.findInvoicesByEmails(emails), { cacheKeyFn: (email) => email.toLowerCase() }),
  };
}
