import { z } from 'zod';
import { parseGid } from './shopify-emulator.paging.js';
import type { ShopifyStore, StoredLineItem } from './shopify-emulator.store.js';
import type { ShopifyViews } from './shopify-emulator.views.js';

type UserError = { field: string[] | null; message: string; code: string | null };

// Arguments arrive coerced by graphql-js against the Admin schema; these parse the parts the emulator uses.
const orderCreateArgs = z.object({
  order: z.object({
    email: z.string().nullish(),
    currency: z.string().nullish(),
    financialStatus: z.string().nullish(),
    lineItems: z.array(z.object({ variantId: z.string().nullish(), quantity: z.number().int(), title: z.string().nullish() })).nullish(),
    customer: z.object({ toAssociate: z.object({ id: z.string().nullish(), email: z.string().nullish() }).nullish() }).nullish(),
  }),
  options: z.object({ inventoryBehaviour: z.string().nullish() }).nullish(),
});

const setQuantitiesArgs = z.object({
  input: z.object({
    name: z.string(),
    reason: z.string(),
    quantities: z.array(z.object({ inventoryItemId: z.string(), locationId: z.string(), quantity: z.number().int(), changeFromQuantity: z.number().int().nullish() })),
  }),
});

/**
 * `orderCreate`: lines by variant, priced from the variant, in the shop's currency only. With
 * `DECREMENT_OBEYING_POLICY` a line beyond the stock of a DENY variant fails the whole order; otherwise
 * stock is taken at the variant's first location. https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCreate
 */
export function createOrder(store: ShopifyStore, views: ShopifyViews, rawArgs: unknown) {
  const { order, options } = orderCreateArgs.parse(rawArgs);
  const errors: UserError[] = [];
  const lines = order.lineItems ?? [];
  if (lines.length === 0) errors.push({ field: ['order', 'lineItems'], message: 'Line items must have at least one item', code: 'INVALID' });
  if (order.currency && order.currency !== store.currency) errors.push({ field: ['order', 'currency'], message: `Currency must be ${store.currency}`, code: 'INVALID' });
  const obeying = options?.inventoryBehaviour === 'DECREMENT_OBEYING_POLICY';
  const decrement = obeying || options?.inventoryBehaviour === 'DECREMENT_IGNORING_POLICY';
  const wanted = new Map<number, number>();
  const resolved = lines.map((line, i) => {
    const parsed = parseGid(line.variantId, 'ProductVariant');
    const variant = parsed ? store.variants.get(parsed.id) : undefined;
    if (!variant) {
      errors.push({ field: ['order', 'lineItems', String(i), 'variantId'], message: 'Variant does not exist', code: 'INVALID' });
      return undefined;
    }
    if (line.quantity < 1) errors.push({ field: ['order', 'lineItems', String(i), 'quantity'], message: 'Quantity must be greater than 0', code: 'INVALID' });
    const total = (wanted.get(variant.id) ?? 0) + line.quantity;
    wanted.set(variant.id, total);
    if (obeying && variant.tracked && variant.policy === 'DENY' && total > store.available(variant)) {
      errors.push({ field: ['order', 'lineItems', String(i), 'quantity'], message: `Not enough inventory for ${variant.title}`, code: 'INVENTORY_CLAIM_FAILED' });
    }
    return variant;
  });
  const customerGid = parseGid(order.customer?.toAssociate?.id, 'Customer');
  if (order.customer?.toAssociate?.id && (!customerGid || !store.customers.has(customerGid.id))) {
    errors.push({ field: ['order', 'customer', 'toAssociate', 'id'], message: 'Customer does not exist', code: 'INVALID' });
  }
  if (errors.length > 0) return { order: null, userErrors: errors };

  const items: StoredLineItem[] = lines.map((line, i) => {
    const variant = resolved[i];
    if (!variant) throw new Error('unreachable');
    if (decrement && variant.tracked) {
      const location = [...variant.levels.keys()][0] ?? 0;
      variant.levels.set(location, (variant.levels.get(location) ?? 0) - line.quantity);
    }
    const product = store.products.get(variant.productId);
    return { id: store.nextId(), title: product?.title ?? line.title ?? '', quantity: line.quantity, variantId: variant.id, productId: variant.productId, unitPrice: variant.price };
  });
  const now = new Date().toISOString();
  const stored = {
    id: store.nextId(),
    name: store.nextOrderName(),
    email: order.email ?? null,
    customerId: customerGid?.id ?? null,
    currency: store.currency,
    lineItems: items,
    financialStatus: order.financialStatus ?? 'PAID',
    createdAt: now,
    updatedAt: now,
  };
  store.orders.set(stored.id, stored);
  return { order: views.order(stored), userErrors: [] };
}

/**
 * `inventorySetQuantities`: absolute `available` levels per item and location, each guarded by
 * `changeFromQuantity` when given (a stale one refuses the whole group, changing nothing).
 * https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/inventorySetQuantities
 */
export function setQuantities(store: ShopifyStore, rawArgs: unknown) {
  const { input } = setQuantitiesArgs.parse(rawArgs);
  const errors: UserError[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand') errors.push({ field: ['input', 'name'], message: 'The quantity name must be available or on_hand', code: 'INVALID_NAME' });
  const changes = input.quantities.map((q, i) => {
    const field = (name: string) => ['input', 'quantities', String(i), name];
    const item = parseGid(q.inventoryItemId, 'InventoryItem');
    const variant = item ? store.variantByInventoryItem(item.id) : undefined;
    const location = parseGid(q.locationId, 'Location');
    if (!variant) errors.push({ field: field('inventoryItemId'), message: 'The specified inventory item could not be found.', code: 'INVALID_INVENTORY_ITEM' });
    else if (!location || !variant.levels.has(location.id)) errors.push({ field: field('locationId'), message: 'The specified location could not be found.', code: 'INVALID_LOCATION' });
    else if (q.changeFromQuantity != null && q.changeFromQuantity !== variant.levels.get(location.id)) {
      errors.push({ field: field('changeFromQuantity'), message: 'The specified compare quantity does not match the current quantity.', code: 'CHANGE_FROM_QUANTITY_STALE' });
    }
    return { variant, location, quantity: q.quantity };
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  for (const change of changes) if (change.variant && change.location) change.variant.levels.set(change.location.id, change.quantity);
  return { inventoryAdjustmentGroup: null, userErrors: [] };
}
