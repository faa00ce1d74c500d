import { ConnectorError, NotFoundError, ValidationError, type InventoryChange } from '@bizosaas/domain';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { setQuantityMutation } from './shopify.queries.js';
import { setQuantityData } from './shopify.schemas.js';
import { readVariantStock, type ShopifyWriteContext } from './shopify.stock.js';

/** Re-reads and retries when another writer changed the level between our read and our write. */
const MAX_STALE_RETRIES = 3;
const MAX_UNITS = 1_000_000_000;

/**
 * Sets or adjusts a variant's stock with `inventorySetQuantities` at the variant's first location, as a
 * compare-and-set (`changeFromQuantity`): a concurrent change makes Shopify refuse the write, and it is
 * recomputed from a fresh read, so no change is lost and stock never goes below zero (Shopify itself would
 * allow negative levels). Answers the product's GID.
 * https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/inventorySetQuantities
 */
export async function updateShopifyInventory(context: ShopifyWriteContext, variantId: string, change: InventoryChange): Promise<string> {
  const { field, amount } = 'set' in change ? { field: 'available', amount: change.set } : { field: 'adjustBy', amount: change.adjustBy };
  if (!Number.isInteger(amount) || Math.abs(amount) > MAX_UNITS) throw new ValidationError([{ field, reason: 'must be a whole number of units' }]);
  if (field === 'available' && amount < 0) throw new ValidationError([{ field, reason: `is ${amount}; stock never goes below zero` }]);
  for (let attempt = 1; ; attempt += 1) {
    const { slots } = await readVariantStock(context, [variantId]);
    const stock = slots[0];
    if (!stock) throw new NotFoundError('ProductVariant', variantId, 'COMMERCE');
    if (!stock.variant.inventoryItem.tracked) throw new ValidationError([{ field: 'variantId', reason: 'is a variant whose stock Shopify does not track' }]);
    if (!stock.level) throw new ValidationError([{ field: 'variantId', reason: 'is a variant stocked at no Shopify location' }]);
    const total = stock.variant.inventoryQuantity ?? 0;
    const target = field === 'available' ? amount : total + amount;
    const atLocation = stock.level.available + (target - total);
    if (target < 0 || atLocation < 0) throw new ValidationError([{ field, reason: `would take stock from ${total} to ${target}; stock never goes below zero` }]);
    const data = await context.client.run(
      setQuantityMutation,
      {
        input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: stock.variant.inventoryItem.id, locationId: stock.level.locationId, quantity: atLocation, changeFromQuantity: stock.level.available }] },
        key: context.newKey(),
      },
      setQuantityData,
    );
    const errors = data.inventorySetQuantities?.userErrors ?? [];
    if (errors.length === 0) return stock.variant.product.id;
    if (errors.some((e) => e.code === 'CHANGE_FROM_QUANTITY_STALE') && attempt < MAX_STALE_RETRIES) continue;
    if (errors.some((e) => e.code === 'CHANGE_FROM_QUANTITY_STALE')) {
      throw new ConnectorError('upstream_unavailable', SHOPIFY_PROVIDER, `shopify stock of ${variantId} kept changing while it was being updated; try again`);
    }
    throw new ValidationError(errors.map((e) => ({ field, reason: `refused by Shopify: ${e.message.slice(0, 200)}` })));
  }
}
