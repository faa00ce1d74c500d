import { cents, decimal, type WooOrderRow, type WooProductRow, type WooStore } from './woocommerce-emulator.store.js';

/** A WordPress REST error: `{ code, message, data: { status, params? } }`. */
export class WooHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface WooAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const invalidParam = (name: string, reason: string) => new WooHttpError(400, 'rest_invalid_param', `Invalid parameter(s): ${name}`, { [name]: reason });

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw invalidParam(name, `${name} must be between ${min} (inclusive) and ${max} (inclusive)`);
  return value;
}

/**
 * A collection answer as wc/v3 gives it: `per_page` 1..100, `page` or `offset`, `orderby` id|date,
 * `order` asc|desc, `include` (comma-separated ids), `X-WP-Total` and `X-WP-TotalPages` headers.
 */
export function listAnswer<T extends { id: number }>(rows: readonly T[], q: URLSearchParams, filter: (row: T) => boolean = () => true): WooAnswer {
  const perPage = intParam(q, 'per_page', 10, 1, 100);
  const page = intParam(q, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const offset = q.has('offset') ? intParam(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) : (page - 1) * perPage;
  const orderby = q.get('orderby') ?? 'date';
  if (!['id', 'date', 'include'].includes(orderby)) throw invalidParam('orderby', 'orderby is not one of date, id, include, title, slug, modified.');
  const order = q.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidParam('order', 'order is not one of asc and desc.');
  const includeText = q.get('include');
  if (includeText !== null && !/^(\d+(,\d+)*)?$/.test(includeText)) throw invalidParam('include', 'include[0] is not of type integer.');
  const include = includeText ? new Set(includeText.split(',').map(Number)) : undefined;
  // Post ids grow with time, so date order is id order here.
  const matched = rows.filter((row) => (include === undefined || include.has(row.id)) && filter(row)).sort((a, b) => (order === 'asc' ? a.id - b.id : b.id - a.id));
  const items = matched.slice(offset, offset + perPage);
  return { status: 200, body: items, headers: { 'x-wp-total': String(matched.length), 'x-wp-totalpages': String(Math.ceil(matched.length / perPage)) } };
}

function bodyObject(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WooHttpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new WooHttpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  return Object.fromEntries(Object.entries(json));
}

/** `PUT /products/{id}` or `/products/{id}/variations/{vid}`: the stock fields. */
export function updateStock(target: { manage_stock: boolean | 'parent'; stock_quantity: number | null; date_modified_gmt: string }, text: string, now: string): void {
  const body = bodyObject(text);
  if (body.stock_quantity !== undefined && body.stock_quantity !== null && !Number.isInteger(body.stock_quantity)) throw invalidParam('stock_quantity', 'stock_quantity is not of type integer,null.');
  if (body.manage_stock !== undefined && typeof body.manage_stock !== 'boolean') throw invalidParam('manage_stock', 'manage_stock is not of type boolean.');
  if (typeof body.manage_stock === 'boolean') target.manage_stock = body.manage_stock;
  if (typeof body.stock_quantity === 'number' || body.stock_quantity === null) target.stock_quantity = body.stock_quantity;
  target.date_modified_gmt = now;
}

/** Statuses in which WooCommerce has taken an order's items out of stock (wc_maybe_reduce_stock_levels). */
const STOCK_TAKEN = new Set(['on-hold', 'processing', 'completed']);

/** `POST /orders`: line items priced from the catalogue, totals computed, stock taken for on-hold and later. */
export function createOrder(store: WooStore, text: string): WooOrderRow {
  const body = bodyObject(text);
  const status = typeof body.status === 'string' ? body.status : 'pending';
  if (!['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed'].includes(status)) throw invalidParam('status', 'status is not one of pending, processing, on-hold, completed, cancelled, refunded, failed, and trash.');
  const currency = typeof body.currency === 'string' ? body.currency : store.currency;
  if (!/^[A-Z]{3}$/.test(currency)) throw invalidParam('currency', 'currency is not one of the supported currencies.');
  const billing = typeof body.billing === 'object' && body.billing !== null ? Object.fromEntries(Object.entries(body.billing)) : {};
  const email = typeof billing.email === 'string' ? billing.email : '';
  if (email !== '' && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidParam('billing', 'billing[email] is not a valid email address.');
  const customerId = typeof body.customer_id === 'number' ? body.customer_id : 0;
  if (customerId !== 0 && !store.customers.has(customerId)) throw new WooHttpError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
  const items = Array.isArray(body.line_items) ? body.line_items : [];
  const lines = items.map((raw, index) => {
    const item = typeof raw === 'object' && raw !== null ? Object.fromEntries(Object.entries(raw)) : {};
    const product = typeof item.product_id === 'number' ? store.products.get(item.product_id) : undefined;
    if (!product) throw new WooHttpError(400, 'woocommerce_rest_invalid_product_id', 'Product ID provided is not associated with order.');
    const variationId = typeof item.variation_id === 'number' ? item.variation_id : 0;
    const variation = variationId ? store.variations.get(product.id)?.get(variationId) : undefined;
    if (product.type === 'variable' && !variation) throw new WooHttpError(400, 'woocommerce_rest_invalid_variation_id', 'Variation ID provided is not associated with product.');
    const quantity = item.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) throw new WooHttpError(400, 'woocommerce_rest_invalid_item_quantity', `Line item ${index} quantity must be a positive integer.`);
    const price = variation?.price ?? product.price;
    const line = decimal(cents(price) * quantity);
    return { id: store.id(), name: variation ? `${product.name} - ${variation.attributes.map((a) => a.option).join(', ')}` : product.name, product_id: product.id, variation_id: variationId, quantity, subtotal: line, total: line, price: cents(price) / 100, sku: variation?.sku ?? product.sku, product, variation };
  });
  if (STOCK_TAKEN.has(status)) {
    for (const line of lines) {
      const owner = line.variation && line.variation.manage_stock !== 'parent' ? line.variation : line.product;
      if (owner.manage_stock === true && owner.stock_quantity !== null) owner.stock_quantity -= line.quantity;
    }
  }
  const at = store.now();
  const id = store.id();
  const row: WooOrderRow = {
    id, number: String(id), status, currency, customer_id: customerId,
    total: decimal(lines.reduce((sum, l) => sum + cents(l.total), 0)),
    billing: { first_name: typeof billing.first_name === 'string' ? billing.first_name : '', last_name: typeof billing.last_name === 'string' ? billing.last_name : '', email, phone: '' },
    line_items: lines.map(({ product: _p, variation: _v, ...line }) => line),
    date_created_gmt: at, date_modified_gmt: at,
  };
  store.orders.set(id, row);
  return row;
}

/** WooCommerce's order `search`: a substring of the billing email or names, or the order number. */
export function orderMatches(row: WooOrderRow, search: string | null): boolean {
  if (search === null || search === '') return true;
  const needle = search.toLowerCase();
  return [row.billing.email, row.billing.first_name, row.billing.last_name, row.number].some((field) => field.toLowerCase().includes(needle));
}

export function findProduct(store: WooStore, id: string | undefined): WooProductRow {
  const product = id !== undefined && /^\d+$/.test(id) ? store.products.get(Number(id)) : undefined;
  if (!product) throw new WooHttpError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
  return product;
}
