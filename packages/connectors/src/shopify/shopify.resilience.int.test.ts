import { createHttpClient, headerToken } from '@bizosaas/connector-kit';
import { ConnectorError, ValidationError } from '@bizosaas/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ShopifyEmulator } from '../../test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue, shopifyAdapter, shopifyContext } from '../../test/emulators/shopify/shopify-emulator.setup.js';
import { createShopifyCommerceConnector } from './shopify.connector.js';
import { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { shopifyProfile } from './shopify.profile.js';
import { ShopifyCostThrottle } from './shopify.throttle.js';

describe('Shopify connector under throttling, faults and a bad token', () => {
  let emulator: ShopifyEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const start = async (bucket?: { maximumAvailable: number; restoreRate: number }) => {
    emulator = await ShopifyEmulator.start(bucket ? { bucket } : {});
    seedShopifyCatalogue(emulator);
    return emulator;
  };

  it('waits for the cost bucket to refill before a query it expects to be throttled', async () => {
    const shop = await ShopifyEmulator.start({ bucket: { maximumAvailable: 1_000, restoreRate: 500 } });
    emulator = shop;
    // Full pages of big products, so a page really costs what it asks for (unused points are refunded).
    for (let p = 0; p < 16; p += 1) shop.store.addProduct({ title: `Poster ${p}`, variants: Array.from({ length: 50 }, (_, v) => ({ title: `Size ${v}`, price: '9.00', stock: 1 })) });
    const adapter = shopifyAdapter(shop, 'conn-throttle');
    const first = await adapter.listProducts({ first: 8 });
    const started = Date.now();
    const second = await adapter.listProducts({ first: 8 });
    // The first page left ~170 of 1,000 points; the same query costs ~830, restored at 500 a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    expect(shop.throttledCount).toBe(0);
    expect(second.items.map((i) => i.node.id)).toEqual(first.items.map((i) => i.node.id));
    expect(first.items).toHaveLength(8);
    shop.assertAllValid();
  });

  it('answers after THROTTLED by waiting for the restore rate and resending', async () => {
    const shop = await start({ maximumAvailable: 2_000, restoreRate: 1_000 });
    shop.bucket.drain();
    const page = await shopifyAdapter(shop, 'conn-throttled').listProducts({ first: 2 });
    expect(shop.throttledCount).toBeGreaterThanOrEqual(1);
    expect(page.items.map((i) => i.node.title)).toEqual(['Trail Runner', 'Wool Socks']);
  });

  it('creates one order when the answer to orderCreate is lost and the kit resends it (same @idempotent key)', async () => {
    const shop = await start();
    const adapter = shopifyAdapter(shop, 'conn-idem');
    const [product] = (await adapter.listProducts({ first: 1 })).items;
    const variant = product?.node.variants[0];
    if (!variant) throw new Error('seeded product has a variant');
    shop.failNext(1, 503, { afterExecuting: true, operation: 'CreateOrder' });
    const order = await adapter.createOrder({ email: 'twice@example.com', currency: 'EUR', items: [{ variantId: variant.id, quantity: 2 }] });
    expect(shop.operations.filter((name) => name === 'CreateOrder')).toHaveLength(2);
    expect(shop.store.orders.size).toBe(1);
    expect(order.number).toBe([...shop.store.orders.values()][0]?.name);
    const [after] = await adapter.getProducts([product.node.id]);
    expect(after?.variants[0]?.inventory).toBe(10);
  });

  it('recomputes a stock adjustment when another writer changed the level between its read and its write', async () => {
    const shop = await start();
    const adapter = shopifyAdapter(shop, 'conn-race');
    const variant = (await adapter.listProducts({ first: 1 })).items[0]?.node.variants[0];
    if (!variant) throw new Error('seeded product has a variant');
    await adapter.updateInventory(variant.id, { set: 10 });
    const stored = [...shop.store.variants.values()].find((v) => v.sku === variant.sku);
    const location = shop.store.locations[0] ?? 0;
    let raced = false;
    shop.beforeExecute = (operation) => {
      // A restock lands after the connector read 10 and before its write: the write must not erase it.
      if (operation === 'SetInventoryQuantity' && !raced && stored) {
        raced = true;
        stored.levels.set(location, 20);
      }
    };
    const product = await adapter.updateInventory(variant.id, { adjustBy: -2 });
    expect(raced).toBe(true);
    expect(product.variants.find((v) => v.id === variant.id)?.inventory).toBe(18);
    expect(shop.operations.filter((name) => name === 'SetInventoryQuantity').length).toBe(3);
  });

  it('fails a test whose query the Admin schema refuses', async () => {
    const shop = await start();
    const http = createHttpClient({ profile: shopifyProfile, baseUrl: shop.url, connectionId: 'conn-bad-query', auth: headerToken('X-Shopify-Access-Token', shop.accessToken) });
    const client = new ShopifyGraphqlClient(http, new ShopifyCostThrottle());
    const error = await client.run({ name: 'Bad', document: 'query Bad { products(first: 1) { nodes { id colour } } }' }, {}, z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(() => shop.assertAllValid()).toThrow(/Cannot query field "colour" on type "Product"/);
  });

  it('answers a cursor Shopify did not hand out as a ValidationError naming after', async () => {
    const shop = await start();
    const error = await shopifyAdapter(shop, 'conn-cursor').listProducts({ first: 2, after: 'bm90LWEtY3Vyc29y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ violations: [{ field: 'after' }] });
    shop.assertAllValid();
  });

  it('reports a rejected token as unauthorized without echoing it', async () => {
    const shop = await start();
    const connector = createShopifyCommerceConnector({ allowEmulator: true });
    const wrong = 'shpat_wrong_token_abcdef0123456789';
    const error = await connector.testConnection(shopifyContext(shop, 'conn-401', { accessToken: wrong })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(String(error instanceof Error ? error.message : error)).not.toContain(wrong);
    await expect(connector.testConnection(shopifyContext(shop, 'conn-ok'))).resolves.toBeUndefined();
  });
});
