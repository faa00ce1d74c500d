import { Violations, type EntityIds, type NewOrder } from '@bizosaas/domain';
import type { WooCommerceApi } from './woocommerce.api.js';
import type { LoadedProduct } from './woocommerce-commerce.adapter.js';
import { parseVariantExternalId, WooKinds } from './woocommerce.mapping.js';
import type { WooOrder } from './woocommerce.schemas.js';

/** What placing an order needs from the adapter. */
export interface WooOrderPlacement {
  readonly ids: EntityIds;
  readonly api: WooCommerceApi;
  readonly currency: () => Promise<string>;
  readonly loadProducts: (productIds: readonly (number | undefined)[]) => Promise<Map<number, LoadedProduct>>;
}

/** Stock of a line's variant: its own level, its parent's (`manage_stock: "parent"`), or null when untracked. */
function stockOf(loaded: LoadedProduct, variationId: number | null): { known: boolean; stock: number | null; key: string } {
  const { product } = loaded;
  if (variationId === null) {
    return product.type === 'variable' ? { known: false, stock: null, key: '' } : { known: true, stock: product.manage_stock === true ? (product.stock_quantity ?? 0) : null, key: `${product.id}` };
  }
  const variation = product.type === 'variable' ? loaded.variations.find((v) => v.id === variationId) : undefined;
  if (variation === undefined) return { known: false, stock: null, key: '' };
  if (variation.manage_stock === 'parent') return { known: true, stock: product.manage_stock === true ? (product.stock_quantity ?? 0) : null, key: `${product.id}` };
  return { known: true, stock: variation.manage_stock === true ? (variation.stock_quantity ?? 0) : null, key: `${product.id}.${variation.id}` };
}

/**
 * Checks a new order against the shop (every variant known, the shop's currency, enough stock for all
 * lines together, counting a shared parent stock once) and only then creates it as `on-hold`: awaiting
 * payment, which is the status in which WooCommerce itself takes the items out of stock. Nothing is
 * written when a check fails; every failed check is reported at once.
 *
 * WooCommerce has no conditional write, so a sale by another channel between the check and the create
 * can still oversell (WooCommerce then shows negative stock, which the port reads as 0).
 */
export async function placeWooOrder(input: NewOrder, deps: WooOrderPlacement): Promise<WooOrder> {
  const v = new Violations();
  if (input.items.length === 0) v.add('items', 'must list at least one item');
  const lines = input.items.map((item, index) => ({ index, item, ref: parseVariantExternalId(deps.ids.decode(WooKinds.Variant, item.variantId) ?? '') }));
  const [products, currency] = await Promise.all([deps.loadProducts(lines.map((l) => l.ref?.productId)), deps.currency()]);
  if (input.currency !== currency) v.add('currency', `must be ${currency}, the shop's currency (got ${input.currency})`);
  const remaining = new Map<string, number | null>();
  for (const { index, item, ref } of lines) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1) v.add(`items[${index}].quantity`, `must be a whole number of at least 1 (got ${item.quantity})`);
    const loaded = ref === undefined ? undefined : products.get(ref.productId);
    const stock = loaded === undefined || ref === undefined ? undefined : stockOf(loaded, ref.variationId);
    if (stock === undefined || !stock.known) {
      v.add(`items[${index}].variantId`, 'does not name a variant of this shop');
      continue;
    }
    const left = remaining.has(stock.key) ? (remaining.get(stock.key) ?? null) : stock.stock;
    if (left !== null && Number.isInteger(item.quantity) && item.quantity > 0) {
      if (item.quantity > left) v.add(`items[${index}].quantity`, `exceeds the stock (${Math.max(0, left)} available)`);
      remaining.set(stock.key, left - item.quantity);
    } else remaining.set(stock.key, left);
  }
  const customerId = input.customerId ? deps.ids.decode(WooKinds.Customer, input.customerId) : undefined;
  if (input.customerId && (customerId === undefined || !/^[1-9]\d{0,14}$/.test(customerId))) v.add('customerId', 'does not name a customer of this shop');
  v.throwIfAny('COMMERCE.ORDER_REJECTED');

  return deps.api.createOrder({
    status: 'on-hold',
    set_paid: false,
    currency,
    billing: { email: input.email },
    ...(customerId !== undefined && { customer_id: Number(customerId) }),
    line_items: lines.map(({ item, ref }) => ({ product_id: ref?.productId, ...(ref?.variationId ? { variation_id: ref.variationId } : {}), quantity: item.quantity })),
  });
}
