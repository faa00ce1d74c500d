import { CommerceEventTypes, type EntityIds, type InventoryChangedPayload } from '@bizosaas/domain';
import { z } from 'zod';
import type { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { fromGid, ShopifyKinds } from './shopify.mapping.js';
import { inventoryItemVariantQuery } from './shopify.queries.js';
import { ShopifyWebhookError } from './shopify.webhook.js';

// `inventory_levels/update` (REST resource shape): the item and location ids and the level there.
const levelPayloadSchema = z.object({
  inventory_item_id: z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)]).transform(String),
  updated_at: z.string().optional(),
});

const itemVariantData = z.object({
  inventoryItem: z
    .object({ variants: z.object({ nodes: z.array(z.object({ id: z.string(), inventoryQuantity: z.number().int().nullable(), product: z.object({ id: z.string() }) })) }) })
    .nullable(),
});

/**
 * `inventory_levels/update` -> `commerce.inventory.changed.v1`. The payload names an inventory item and one
 * location only, so the variant, its product and its level over all locations (what `Product.variants`
 * shows) are read back in one query; an item that no longer has a variant yields no event. A failed read
 * fails the delivery, and Shopify retries it.
 */
export async function inventoryChangedEvents(client: ShopifyGraphqlClient, ids: EntityIds, rawBody: string): Promise<{ type: typeof CommerceEventTypes.InventoryChanged; payload: InventoryChangedPayload; occurredAt?: Date }[]> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ShopifyWebhookError('the body is not JSON');
  }
  const parsed = levelPayloadSchema.safeParse(json);
  if (!parsed.success) throw new ShopifyWebhookError(`an inventory_levels/update payload needs ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const data = await client.run(inventoryItemVariantQuery, { id: `gid://shopify/InventoryItem/${parsed.data.inventory_item_id}` }, itemVariantData);
  const variant = data.inventoryItem?.variants.nodes[0];
  if (!variant) return [];
  const occurredAt = parsed.data.updated_at ? new Date(parsed.data.updated_at) : undefined;
  return [
    {
      type: CommerceEventTypes.InventoryChanged,
      payload: {
        productId: ids.encode(ShopifyKinds.Product, fromGid('Product', variant.product.id)),
        variantId: ids.encode(ShopifyKinds.ProductVariant, fromGid('ProductVariant', variant.id)),
        available: variant.inventoryQuantity === null ? null : Math.max(0, variant.inventoryQuantity),
      },
      ...(occurredAt && !Number.isNaN(occurredAt.getTime()) && { occurredAt }),
    },
  ];
}
