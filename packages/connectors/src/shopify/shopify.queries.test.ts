import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { requestedCost } from '../../test/emulators/shopify/shopify-emulator.cost.js';
import { shopifyAdminSchema } from '../../test/emulators/shopify/shopify-emulator.schema.js';
import * as queries from './shopify.queries.js';
import type { ShopifyOperation } from './shopify.graphql-client.js';

const ids = (n: number, type: string) => Array.from({ length: n }, (_, i) => `gid://shopify/${type}/${i + 1}`);

// Each operation with the largest variables the adapter ever sends it.
const worstCase: readonly [ShopifyOperation, Record<string, unknown>][] = [
  [queries.listProductsQuery, { first: queries.SHOPIFY_PRODUCTS_PER_QUERY, after: null }],
  [queries.productNodesQuery, { ids: ids(queries.SHOPIFY_PRODUCTS_PER_QUERY, 'Product') }],
  [queries.listOrdersQuery, { first: queries.SHOPIFY_ORDERS_PER_QUERY, after: null, query: 'email:"a@b.c"', reverse: true }],
  [queries.orderNodesQuery, { ids: ids(queries.SHOPIFY_ORDERS_PER_QUERY, 'Order') }],
  [queries.listCustomersQuery, { first: queries.SHOPIFY_CUSTOMERS_PER_QUERY, after: null }],
  [queries.customerNodesQuery, { ids: ids(queries.SHOPIFY_CUSTOMERS_PER_QUERY, 'Customer') }],
  [queries.variantStockQuery, { ids: ids(100, 'ProductVariant') }],
  [queries.setQuantityMutation, { input: {}, key: 'k' }],
  [queries.createOrderMutation, { order: {}, key: 'k' }],
  [queries.shopQuery, {}],
  [queries.inventoryItemVariantQuery, { id: 'gid://shopify/InventoryItem/1' }],
];

describe('the Shopify connector\'s GraphQL documents', () => {
  const schema = shopifyAdminSchema();

  it.each(worstCase.map(([operation, variables]) => [operation.name, operation, variables] as const))('%s validates against the Admin 2026-10 schema and stays under the 1,000-point query ceiling', (_name, operation, variables) => {
    const document = parse(operation.document);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    expect(requestedCost(schema, document, variables)).toBeLessThanOrEqual(queries.SHOPIFY_MAX_QUERY_COST);
  });

  it('marks exactly the mutations as keyed, and each takes an @idempotent key', () => {
    for (const [operation] of worstCase) {
      const isMutation = operation.document.trimStart().startsWith('mutation');
      expect(operation.mutation === true).toBe(isMutation);
      expect(operation.keyed === true).toBe(isMutation);
      if (isMutation) expect(operation.document).toContain('@idempotent(key: $key)');
    }
  });
});
