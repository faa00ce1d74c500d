import { ConnectorError, Violations, type NewOrder } from '@bizosaas/domain';
import { decodeToGid, ShopifyKinds } from './shopify.mapping.js';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { createOrderMutation } from './shopify.queries.js';
import { createOrderData, type ShopifyOrder, type ShopifyUserErrors } from './shopify.schemas.js';
import { readVariantStock, type ShopifyWriteContext } from './shopify.stock.js';

const MAX_LINE_QUANTITY = 100_000;

/**
 * Places an order with `orderCreate`, all or nothing. Every problem is reported at once before anything is
 * written (unknown variants, a currency other than the shop's, quantities beyond stock); then Shopify
 * decrements stock obeying each variant's inventory policy, so a sale racing ours makes Shopify refuse the
 * order rather than oversell. The `@idempotent` key makes a resend after a timeout create one order.
 * https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCreate
 */
export async function placeShopifyOrder(context: ShopifyWriteContext, input: NewOrder): Promise<ShopifyOrder> {
  const v = new Violations();
  if (input.items.length === 0) v.add('items', 'must have at least one item');
  input.items.forEach((item, i) => {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_LINE_QUANTITY) v.add(`items[${i}].quantity`, `must be a whole number from 1 to ${MAX_LINE_QUANTITY}`);
  });
  const customerGid = input.customerId ? decodeToGid(context.ids, ShopifyKinds.Customer, input.customerId) : undefined;
  if (input.customerId && customerGid === undefined) v.add('customerId', 'is not a customer of this shop');

  const { currency, slots } = await readVariantStock(context, input.items.map((item) => item.variantId));
  if (input.currency !== currency) v.add('currency', `must be ${currency}, the shop's currency`);
  const wanted = new Map<string, number>();
  input.items.forEach((item, i) => {
    const stock = slots[i];
    if (!stock) {
      v.add(`items[${i}].variantId`, 'is not a variant of this shop');
      return;
    }
    const total = (wanted.get(stock.variant.id) ?? 0) + (Number.isInteger(item.quantity) ? item.quantity : 0);
    wanted.set(stock.variant.id, total);
    const available = stock.variant.inventoryQuantity ?? 0;
    if (stock.variant.inventoryItem.tracked && stock.variant.inventoryPolicy === 'DENY' && total > available) {
      v.add(`items[${i}].quantity`, `asks for ${total} but only ${Math.max(0, available)} are in stock`);
    }
  });
  v.throwIfAny();

  const data = await context.client.run(
    createOrderMutation,
    {
      order: {
        email: input.email,
        currency,
        financialStatus: 'PENDING',
        lineItems: input.items.map((item, i) => ({ variantId: slots[i]?.variant.id, quantity: item.quantity })),
        ...(customerGid !== undefined && { customer: { toAssociate: { id: customerGid } } }),
      },
      options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY', sendReceipt: false, sendFulfillmentReceipt: false },
      key: context.newKey(),
    },
    createOrderData,
  );
  const result = data.orderCreate;
  if (result && result.userErrors.length > 0) throwUserErrors(result.userErrors);
  if (!result?.order) throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, 'shopify orderCreate answered neither an order nor an error');
  return result.order;
}

/** Shopify's `["order", "lineItems", "1", "quantity"]` -> our `items[1].quantity`. */
function throwUserErrors(errors: ShopifyUserErrors): never {
  const v = new Violations();
  for (const error of errors) {
    const path = (error.field ?? []).filter((part) => part !== 'order');
    const line = path[0] === 'lineItems' && /^\d+$/.test(path[1] ?? '') ? `items[${path[1]}]${path[2] === 'variantId' ? '.variantId' : '.quantity'}` : undefined;
    v.add(line ?? (path[0] === 'email' ? 'email' : 'items'), `refused by Shopify: ${error.message.slice(0, 200)}`);
  }
  v.throwIfAny();
  throw new Error('unreachable');
}
