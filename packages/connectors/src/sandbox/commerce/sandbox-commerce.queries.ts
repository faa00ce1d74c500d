/**
 * The SELECTs of the sandbox shop. A product's variants and an order's items are aggregated into a jsonb
 * array in the same statement, so every read (batch or page) is one query, like one vendor call.
 */

/** Products `p` with their variants in seq order. Append `where p.dataset = $1 ...`. */
export const PRODUCTS_SELECT = `
select p.*, coalesce((
  select jsonb_agg(jsonb_build_object(
    'id', v.id, 'sku', v.sku, 'title', v.title, 'price_amount', v.price_amount, 'currency', v.currency, 'inventory', v.inventory
  ) order by v.seq)
  from sandbox_commerce_variants v where v.dataset = p.dataset and v.product_id = p.id
), '[]'::jsonb) as variants
from sandbox_commerce_products p`;

/** Orders `o` with their items in seq order. Append `where o.dataset = $1 ...`. */
export const ORDERS_SELECT = `
select o.*, coalesce((
  select jsonb_agg(jsonb_build_object(
    'id', i.id, 'product_id', i.product_id, 'variant_id', i.variant_id, 'title', i.title, 'quantity', i.quantity,
    'unit_price_amount', i.unit_price_amount, 'total_amount', i.total_amount, 'currency', i.currency
  ) order by i.seq)
  from sandbox_commerce_order_items i where i.dataset = o.dataset and i.order_id = o.id
), '[]'::jsonb) as items
from sandbox_commerce_orders o`;

/** Customers `c`. */
export const CUSTOMERS_SELECT = 'select c.* from sandbox_commerce_customers c';

/** Each listable table with its SELECT and the alias its conditions use. */
export const LISTABLE = {
  products: { select: PRODUCTS_SELECT, alias: 'p', table: 'sandbox_commerce_products' },
  orders: { select: ORDERS_SELECT, alias: 'o', table: 'sandbox_commerce_orders' },
  customers: { select: CUSTOMERS_SELECT, alias: 'c', table: 'sandbox_commerce_customers' },
} as const;

export type Listable = keyof typeof LISTABLE;
