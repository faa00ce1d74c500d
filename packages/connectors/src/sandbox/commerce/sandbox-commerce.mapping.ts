import type { Customer, EntityIds, Order, Product, Source } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxCustomerRow, SandboxOrderRow, SandboxProductRow } from './sandbox-commerce.rows.js';

/** Canonical entity kinds of the shop, as encoded into ids by `EntityIds`. */
export const CommerceKinds = { Product: 'Product', ProductVariant: 'ProductVariant', Order: 'Order', Customer: 'Customer' } as const;

function sourceOf(ids: EntityIds): Source {
  return { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId };
}

/** A products row (variants aggregated in seq order) as a canonical Product. Pure: no I/O. */
export function productFromRow(row: SandboxProductRow, ids: EntityIds): Product {
  return {
    id: ids.encode(CommerceKinds.Product, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    title: row.title,
    description: row.description,
    status: row.status,
    variants: row.variants.map((variant) => ({
      id: ids.encode(CommerceKinds.ProductVariant, variant.id),
      sku: variant.sku,
      title: variant.title,
      price: { amount: variant.price_amount, currency: variant.currency },
      inventory: variant.inventory,
    })),
  };
}

/** A customers row as a canonical Customer. */
export function customerFromRow(row: SandboxCustomerRow, ids: EntityIds): Customer {
  return {
    id: ids.encode(CommerceKinds.Customer, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
  };
}

/** An orders row (items aggregated in seq order) as a canonical Order; references become canonical ids. */
export function orderFromRow(row: SandboxOrderRow, ids: EntityIds): Order {
  return {
    id: ids.encode(CommerceKinds.Order, row.id),
    externalId: row.id,
    source: sourceOf(ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    number: row.number,
    customerId: row.customer_id === null ? null : ids.encode(CommerceKinds.Customer, row.customer_id),
    email: row.email,
    items: row.items.map((item) => ({
      productId: ids.encode(CommerceKinds.Product, item.product_id),
      variantId: ids.encode(CommerceKinds.ProductVariant, item.variant_id),
      title: item.title,
      quantity: item.quantity,
      unitPrice: { amount: item.unit_price_amount, currency: item.currency },
      total: { amount: item.total_amount, currency: item.currency },
    })),
    subtotal: { amount: row.subtotal_amount, currency: row.currency },
    total: { amount: row.total_amount, currency: row.currency },
    financialStatus: row.financial_status,
    fulfillmentStatus: row.fulfillment_status,
  };
}
