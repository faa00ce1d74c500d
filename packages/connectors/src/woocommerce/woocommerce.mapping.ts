import { ConnectorError, type Customer, type EntityIds, type FinancialStatus, type FulfillmentStatus, type Money, type Order, type OrderItem, type Product, type ProductVariant, type Source } from '@bizosaas/domain';
import type { WooCustomer, WooLineItem, WooOrder, WooProduct, WooVariation } from './woocommerce.schemas.js';
import { WOOCOMMERCE_PROVIDER } from './woocommerce.settings.js';

/** Canonical entity kinds, as encoded into ids by `EntityIds` (the kinds every commerce adapter uses). */
export const WooKinds = { Product: 'Product', Variant: 'ProductVariant', Order: 'Order', Customer: 'Customer' } as const;

/**
 * A variant's external id: the product id for a simple product (WooCommerce keeps price and stock on the
 * product), `<product>.<variation>` for a variation of a variable product.
 */
export function variantExternalId(productId: number, variationId?: number | null): string {
  return variationId ? `${productId}.${variationId}` : String(productId);
}

/** The product and variation ids inside a variant's external id, or undefined when it is not one. */
export function parseVariantExternalId(externalId: string): { productId: number; variationId: number | null } | undefined {
  const match = /^([1-9]\d{0,14})(?:\.([1-9]\d{0,14}))?$/.exec(externalId);
  if (match === null) return undefined;
  return { productId: Number(match[1]), variationId: match[2] === undefined ? null : Number(match[2]) };
}

function sourceOf(ids: EntityIds): Source {
  return { provider: WOOCOMMERCE_PROVIDER, connectionId: ids.connectionId };
}

/** WooCommerce's GMT timestamps carry no zone: they are UTC. */
export function gmtDate(text: string | null | undefined, fallback: Date = new Date(0)): Date {
  if (!text) return fallback;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? fallback : date;
}

/**
 * A WooCommerce amount (a decimal string, `""` when unset, or a JSON number for line-item prices) as a
 * decimal string with at least two and at most four decimals: `"20"` -> `"20.00"`, `19.99` -> `"19.99"`.
 * One normal form, so the same price read from a product and from an order line compares equal.
 */
export function wooDecimal(value: string | number | null | undefined): string {
  const text = value === null || value === undefined || value === '' ? '0' : typeof value === 'number' ? value.toFixed(4) : value;
  const match = /^(-?)(\d*)(?:\.(\d+))?$/.exec(text);
  if (match === null || (match[3] ?? '').replace(/0+$/, '').length > 4) {
    throw new ConnectorError('invalid_response', WOOCOMMERCE_PROVIDER, `WooCommerce returned an amount that is not a decimal with at most 4 places (${text.slice(0, 40)})`);
  }
  const fraction = (match[3] ?? '').replace(/0+$/, '').padEnd(2, '0');
  return `${match[1]}${match[2] || '0'}.${fraction}`;
}

function money(value: string | number | null | undefined, currency: string): Money {
  return { amount: wooDecimal(value), currency };
}

/** Stock as the port sees it: null when not tracked, never negative (a backordered item reads 0). */
function stockOf(manage: boolean | 'parent' | null | undefined, quantity: number | null | undefined, parent?: WooProduct): number | null {
  if (manage === 'parent') return parent ? stockOf(parent.manage_stock, parent.stock_quantity) : null;
  return manage === true ? Math.max(0, quantity ?? 0) : null;
}

const PRODUCT_STATUS: Readonly<Record<string, Product['status']>> = { publish: 'active', draft: 'draft', pending: 'draft', private: 'draft', future: 'draft', trash: 'archived' };

function variationTitle(product: WooProduct, variation: WooVariation): string {
  const options = (variation.attributes ?? []).map((a) => a.option).filter((o): o is string => typeof o === 'string' && o.length > 0);
  return options.length > 0 ? options.join(' / ') : `${product.name} #${variation.id}`;
}

/**
 * A product with its variants. A simple (or external, grouped) product is its own single variant; a
 * variable product's variants are its variations, in the order given. Pure.
 */
export function productFromWoo(raw: WooProduct, variations: readonly WooVariation[], ids: EntityIds, currency: string): Product {
  const created = gmtDate(raw.date_created_gmt);
  const variants: ProductVariant[] =
    raw.type === 'variable'
      ? variations.map((v) => ({
          id: ids.encode(WooKinds.Variant, variantExternalId(raw.id, v.id)),
          sku: v.sku || null,
          title: variationTitle(raw, v),
          price: money(v.price, currency),
          inventory: stockOf(v.manage_stock, v.stock_quantity, raw),
        }))
      : [{ id: ids.encode(WooKinds.Variant, variantExternalId(raw.id)), sku: raw.sku || null, title: raw.name, price: money(raw.price, currency), inventory: stockOf(raw.manage_stock, raw.stock_quantity) }];
  return {
    id: ids.encode(WooKinds.Product, String(raw.id)),
    externalId: String(raw.id),
    source: sourceOf(ids),
    createdAt: created,
    updatedAt: gmtDate(raw.date_modified_gmt, created),
    raw: { product: raw, variations },
    title: raw.name,
    description: raw.description || raw.short_description || null,
    status: PRODUCT_STATUS[raw.status] ?? 'draft',
    variants,
  };
}

/**
 * Order statuses (https://woocommerce.com/document/managing-orders/order-statuses/): on-hold is awaiting
 * payment with stock already taken, processing is paid and not shipped. Plugin statuses read as pending.
 */
const ORDER_STATUS: Readonly<Record<string, readonly [FinancialStatus, FulfillmentStatus]>> = {
  pending: ['pending', 'unfulfilled'],
  'on-hold': ['pending', 'unfulfilled'],
  'checkout-draft': ['pending', 'unfulfilled'],
  processing: ['paid', 'unfulfilled'],
  completed: ['paid', 'fulfilled'],
  cancelled: ['voided', 'cancelled'],
  failed: ['voided', 'cancelled'],
  refunded: ['refunded', 'cancelled'],
};

function itemFromWoo(line: WooLineItem, ids: EntityIds, currency: string): OrderItem {
  return {
    productId: ids.encode(WooKinds.Product, String(line.product_id)),
    variantId: ids.encode(WooKinds.Variant, variantExternalId(line.product_id, line.variation_id)),
    title: line.name ?? '',
    quantity: line.quantity,
    unitPrice: money(line.price, currency),
    total: money(line.total, currency),
  };
}

/** An order; the subtotal is the sum of the lines before discounts, exactly. Pure. */
export function orderFromWoo(raw: WooOrder, ids: EntityIds): Order {
  const currency = raw.currency.toUpperCase();
  const lines = raw.line_items ?? [];
  const subtotalUnits = lines.reduce((sum, line) => sum + units(wooDecimal(line.subtotal)), 0n);
  const [financialStatus, fulfillmentStatus] = ORDER_STATUS[raw.status] ?? ['pending', 'unfulfilled'];
  const created = gmtDate(raw.date_created_gmt);
  return {
    id: ids.encode(WooKinds.Order, String(raw.id)),
    externalId: String(raw.id),
    source: sourceOf(ids),
    createdAt: created,
    updatedAt: gmtDate(raw.date_modified_gmt, created),
    raw,
    number: `#${raw.number || raw.id}`,
    customerId: raw.customer_id ? ids.encode(WooKinds.Customer, String(raw.customer_id)) : null,
    email: raw.billing?.email || null,
    items: lines.map((line) => itemFromWoo(line, ids, currency)),
    subtotal: { amount: fromUnits(subtotalUnits), currency },
    total: money(raw.total, currency),
    financialStatus,
    fulfillmentStatus,
  };
}

/** A customer. Pure. */
export function customerFromWoo(raw: WooCustomer, ids: EntityIds): Customer {
  const created = gmtDate(raw.date_created_gmt);
  return {
    id: ids.encode(WooKinds.Customer, String(raw.id)),
    externalId: String(raw.id),
    source: sourceOf(ids),
    createdAt: created,
    updatedAt: gmtDate(raw.date_modified_gmt, created),
    raw,
    email: raw.email,
    firstName: raw.first_name || null,
    lastName: raw.last_name || null,
    phone: raw.billing?.phone || null,
  };
}

/** Decimal text (normal form) <-> ten-thousandths, for exact sums. */
function units(decimal: string): bigint {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const value = BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
  return negative ? -value : value;
}

function fromUnits(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return wooDecimal(`${negative ? '-' : ''}${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, '0')}`);
}
