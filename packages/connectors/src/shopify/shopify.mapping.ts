import { ConnectorError, EntityIds, type Customer, type FinancialStatus, type FulfillmentStatus, type Money, type Order, type Product } from '@bizosaas/domain';
import type { z } from 'zod';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import type { ShopifyCustomer, ShopifyOrder, ShopifyProduct } from './shopify.schemas.js';

/** Our entity kinds over Shopify's GraphQL types: the opaque id carries the numeric part of the GID. */
export const ShopifyKinds = { Product: 'Product', ProductVariant: 'ProductVariant', Order: 'Order', Customer: 'Customer' } as const;
export type ShopifyKind = (typeof ShopifyKinds)[keyof typeof ShopifyKinds];

/** `gid://shopify/<Type>/<number>` for a numeric id; Shopify's global ids name their type. */
export function toGid(type: ShopifyKind, numericId: string): string {
  return `gid://shopify/${type}/${numericId}`;
}

/** The numeric id inside a GID of `type`; `invalid_response` for anything else (Shopify always sends GIDs). */
export function fromGid(type: ShopifyKind, gid: string): string {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,20})$/.exec(gid);
  if (!match || match[1] !== type) throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, `shopify answered "${gid.slice(0, 80)}" where a ${type} id was expected`);
  return match[2] ?? '';
}

/** The Shopify GID behind one of our ids, or undefined when it is not a `kind` id of this connection. */
export function decodeToGid(ids: EntityIds, kind: ShopifyKind, id: string): string | undefined {
  const numeric = ids.decode(kind, id);
  return numeric !== undefined && /^\d{1,20}$/.test(numeric) ? toGid(kind, numeric) : undefined;
}

/** Shopify's Money and Decimal strings ("10.0", "19.99", "7") with at least two decimals, like our sums. */
export function shopifyMoney(amount: string, currency: string): Money {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, `shopify answered "${amount.slice(0, 40)}" where an amount was expected`);
  const [whole = '0', fraction = ''] = amount.split('.');
  return { amount: `${whole}.${fraction.padEnd(2, '0')}`, currency };
}

const PRODUCT_STATUS: Readonly<Record<string, Product['status']>> = { ACTIVE: 'active', DRAFT: 'draft', ARCHIVED: 'archived', UNLISTED: 'active' };

/** Shopify product -> canonical. Prices are in the shop's currency (`currency`). Pure. */
export function toProduct(ids: EntityIds, connectionId: string, raw: ShopifyProduct, currency: string): Product {
  const externalId = fromGid('Product', raw.id);
  return {
    id: ids.encode(ShopifyKinds.Product, externalId),
    externalId,
    source: { provider: SHOPIFY_PROVIDER, connectionId },
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
    title: raw.title,
    description: raw.description === '' ? null : raw.description,
    status: PRODUCT_STATUS[raw.status] ?? 'draft',
    variants: raw.variants.nodes.map((v) => ({
      id: ids.encode(ShopifyKinds.ProductVariant, fromGid('ProductVariant', v.id)),
      sku: v.sku === '' ? null : v.sku,
      title: v.title,
      price: shopifyMoney(v.price, currency),
      // Untracked items have no meaningful level; Shopify allows negative levels, we never show one.
      inventory: v.inventoryItem.tracked ? Math.max(0, v.inventoryQuantity ?? 0) : null,
    })),
    raw,
  };
}

const FINANCIAL: Readonly<Record<string, FinancialStatus>> = {
  PENDING: 'pending', AUTHORIZED: 'pending', PARTIALLY_PAID: 'pending', PAID: 'paid', PARTIALLY_REFUNDED: 'paid', REFUNDED: 'refunded', VOIDED: 'voided', EXPIRED: 'voided',
};
const FULFILLMENT: Readonly<Record<string, FulfillmentStatus>> = { FULFILLED: 'fulfilled', PARTIALLY_FULFILLED: 'partial', RESTOCKED: 'cancelled' };

/** Shopify order -> canonical, amounts in shop money. Pure. */
export function toOrder(ids: EntityIds, connectionId: string, raw: ShopifyOrder): Order {
  const externalId = fromGid('Order', raw.id);
  const money = (bag: { shopMoney: { amount: string; currencyCode: string } }) => shopifyMoney(bag.shopMoney.amount, bag.shopMoney.currencyCode);
  const total = money(raw.totalPriceSet);
  const idOf = (kind: 'Product' | 'ProductVariant', node: { id: string } | null) => (node ? ids.encode(kind, fromGid(kind, node.id)) : '');
  return {
    id: ids.encode(ShopifyKinds.Order, externalId),
    externalId,
    source: { provider: SHOPIFY_PROVIDER, connectionId },
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
    number: raw.name,
    customerId: raw.customer ? ids.encode(ShopifyKinds.Customer, fromGid('Customer', raw.customer.id)) : null,
    email: raw.email,
    // A custom line item (no variant, no product) keeps empty ids rather than disappearing from the totals.
    items: raw.lineItems.nodes.map((item) => ({
      productId: idOf('Product', item.product),
      variantId: idOf('ProductVariant', item.variant),
      title: item.title,
      quantity: item.quantity,
      unitPrice: money(item.originalUnitPriceSet),
      total: money(item.originalTotalSet),
    })),
    subtotal: raw.subtotalPriceSet ? money(raw.subtotalPriceSet) : total,
    total,
    financialStatus: FINANCIAL[raw.displayFinancialStatus ?? 'PENDING'] ?? 'pending',
    fulfillmentStatus: raw.cancelledAt !== null ? 'cancelled' : (FULFILLMENT[raw.displayFulfillmentStatus] ?? 'unfulfilled'),
    raw,
  };
}

/** Shopify customer -> canonical (email and phone from the 2026-10 default contact fields). Pure. */
export function toCustomer(ids: EntityIds, connectionId: string, raw: ShopifyCustomer): Customer {
  const externalId = fromGid('Customer', raw.id);
  return {
    id: ids.encode(ShopifyKinds.Customer, externalId),
    externalId,
    source: { provider: SHOPIFY_PROVIDER, connectionId },
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
    email: raw.defaultEmailAddress?.emailAddress ?? '',
    firstName: raw.firstName,
    lastName: raw.lastName,
    phone: raw.defaultPhoneNumber?.phoneNumber ?? null,
    raw,
  };
}

/**
 * The `nodes(ids:)` slots of `typename`, parsed strictly; null for unknown ids and nodes of another type.
 * A node of the asked type that does not parse is `invalid_response`, never a silent null.
 */
export function nodesOfType<T>(nodes: readonly (Record<string, unknown> | null)[], typename: string, schema: z.ZodType<T>): (T | null)[] {
  return nodes.map((node) => {
    if (node === null || node.__typename !== typename) return null;
    const parsed = schema.safeParse(node);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, `shopify answered a ${typename} the Admin schema does not allow (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
  });
}
