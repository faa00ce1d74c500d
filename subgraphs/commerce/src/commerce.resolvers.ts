import { DateTimeScalar, MoneyScalar, toConnection, whenPresent } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers: argument plumbing only; rules and batching live in the services and loaders. */
export const commerceResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  ProductStatus: { ACTIVE: 'active', DRAFT: 'draft', ARCHIVED: 'archived' },
  FinancialStatus: { PENDING: 'pending', PAID: 'paid', REFUNDED: 'refunded', VOIDED: 'voided' },
  FulfillmentStatus: { UNFULFILLED: 'unfulfilled', PARTIAL: 'partial', FULFILLED: 'fulfilled', CANCELLED: 'cancelled' },
  InvoiceStatus: { DRAFT: 'draft', OPEN: 'open', PAID: 'paid', VOID: 'void', UNCOLLECTIBLE: 'uncollectible' },
  SubscriptionStatus: { TRIALING: 'trialing', ACTIVE: 'active', PAST_DUE: 'past_due', CANCELED: 'canceled', INCOMPLETE: 'incomplete' },
  BillingInterval: { MONTH: 'month', YEAR: 'year' },
  Query: {
    product: async (_root, { id }, ctx) => (await ctx.commerce()).product(id),
    products: async (_root, { first, after }, ctx) => toConnection(await (await ctx.commerce()).products(first, after)),
    order: async (_root, { id }, ctx) => (await ctx.commerce()).order(id),
    orders: async (_root, { first, after }, ctx) => toConnection(await (await ctx.commerce()).orders(first, after)),
    customer: async (_root, { id }, ctx) => (await ctx.commerce()).customer(id),
    customers: async (_root, { first, after }, ctx) => toConnection(await (await ctx.commerce()).customers(first, after)),
    invoice: async (_root, { id }, ctx) => (await ctx.billing()).invoice(id),
    invoices: async (_root, { first, after }, ctx) => toConnection(await (await ctx.billing()).invoices(first, after)),
    customerSubscription: async (_root, { id }, ctx) => (await ctx.billing()).subscription(id),
    customerSubscriptions: async (_root, { first, after }, ctx) => toConnection(await (await ctx.billing()).subscriptions(first, after)),
  },
  Mutation: {
    createOrder: async (_root, { input }, ctx) => (await ctx.commerce()).createOrder(input),
    updateInventory: async (_root, { variantId, set, adjustBy }, ctx) => (await ctx.commerce()).updateInventory(variantId, set, adjustBy),
    cancelSubscription: async (_root, { id, immediately }, ctx) => (await ctx.billing()).cancelSubscription(id, immediately ?? false),
  },
  Contact: {
    // The gateway sends `email` with the key (@requires): the join needs no call back to crm.
    __resolveReference: (ref) => ref,
    orders: async (contact, _args, ctx) => [...(await (await ctx.commerce()).ordersOf(contact.email))],
    invoices: async (contact, _args, ctx) => [...(await (await ctx.billing()).invoicesOf(contact.email))],
  },
  Product: {
    __resolveReference: async (ref, ctx) => (await ctx.commerce()).findProduct(ref.id),
    variants: (product) => [...product.variants],
  },
  Order: {
    __resolveReference: async (ref, ctx) => (await ctx.commerce()).findOrder(ref.id),
    customer: async (order, _args, ctx) => whenPresent(order.customerId, async (id) => (await ctx.commerce()).findCustomer(id)),
    items: (order) => [...order.items],
  },
  OrderItem: {
    product: async (item, _args, ctx) => (await ctx.commerce()).findProduct(item.productId),
  },
  Customer: {
    __resolveReference: async (ref, ctx) => (await ctx.commerce()).findCustomer(ref.id),
  },
  Invoice: {
    __resolveReference: async (ref, ctx) => (await ctx.billing()).findInvoice(ref.id),
  },
  CustomerSubscription: {
    __resolveReference: async (ref, ctx) => (await ctx.billing()).findSubscription(ref.id),
  },
};
