import type { EntityIds } from '@bizosaas/domain';
import type { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { decodeToGid, nodesOfType, ShopifyKinds } from './shopify.mapping.js';
import { variantStockQuery } from './shopify.queries.js';
import { shopifyStockVariantSchema, variantStockData, type ShopifyStockVariant } from './shopify.schemas.js';

/** What the write paths share: the client, the connection's ids and a fresh idempotency key per write. */
export interface ShopifyWriteContext {
  readonly client: ShopifyGraphqlClient;
  readonly ids: EntityIds;
  readonly newKey: () => string;
}

/** A variant's stock as the write paths need it: totals, its first location's level and the shop currency. */
export interface VariantStock {
  readonly variant: ShopifyStockVariant;
  /** The stock location writes go to (the variant's first inventory level), with its `available` quantity. */
  readonly level: { readonly locationId: string; readonly available: number } | undefined;
}

/**
 * Reads the stock of the variants behind `variantIds` (our ids) in one `nodes` call. Answers the shop's
 * currency and one slot per id: undefined for ids that are no variant of this connection or unknown.
 */
export async function readVariantStock(context: ShopifyWriteContext, variantIds: readonly string[]): Promise<{ currency: string; slots: (VariantStock | undefined)[] }> {
  const gids = variantIds.map((id) => decodeToGid(context.ids, ShopifyKinds.ProductVariant, id));
  const known = [...new Set(gids.filter((gid): gid is string => gid !== undefined))];
  // The shop's currency is needed even when no id decodes, to report every problem of an order at once.
  const data = await context.client.run(variantStockQuery, { ids: known }, variantStockData);
  const variants = new Map<string, ShopifyStockVariant>();
  nodesOfType(data.nodes, 'ProductVariant', shopifyStockVariantSchema).forEach((variant) => {
    if (variant) variants.set(variant.id, variant);
  });
  const slots = gids.map((gid) => {
    const variant = gid === undefined ? undefined : variants.get(gid);
    if (!variant) return undefined;
    const first = variant.inventoryItem.inventoryLevels.nodes[0];
    const available = first?.quantities.find((q) => q.name === 'available')?.quantity ?? 0;
    return { variant, level: first ? { locationId: first.location.id, available } : undefined };
  });
  return { currency: data.shop.currencyCode, slots };
}
