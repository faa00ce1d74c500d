import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyEmulator } from '../../test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue, shopifyAdapter, shopifyContext } from '../../test/emulators/shopify/shopify-emulator.setup.js';
import { createShopifyCommerceConnector } from './shopify.connector.js';
import { signShopifyWebhook } from './shopify.webhook.js';

describe('Shopify inventory_levels/update webhooks', () => {
  const SECRET = 'shpss_inventory_hook_secret';
  let shop: ShopifyEmulator;
  beforeAll(async () => {
    shop = await ShopifyEmulator.start();
    seedShopifyCatalogue(shop);
  });
  afterAll(async () => {
    await shop.close();
    shop.assertAllValid();
  });

  const deliver = (body: string, webhookId: string) => {
    const connector = createShopifyCommerceConnector({ allowEmulator: true });
    const rawBody = Buffer.from(body);
    return connector.webhook?.receive(shopifyContext(shop, 'conn-inventory', { clientSecret: SECRET }), {
      method: 'POST',
      url: 'https://platform.example/webhooks/conn-inventory',
      rawBody,
      headers: { 'x-shopify-topic': 'inventory_levels/update', 'x-shopify-hmac-sha256': signShopifyWebhook(rawBody, SECRET), 'x-shopify-shop-domain': shop.shopDomain, 'x-shopify-webhook-id': webhookId, 'x-shopify-triggered-at': new Date().toISOString() },
    });
  };

  it('maps a level change to commerce.inventory.changed.v1 with our variant and product ids and the total level', async () => {
    const adapter = shopifyAdapter(shop, 'conn-inventory');
    const product = (await adapter.listProducts({ first: 1 })).items[0]?.node;
    const variant = product?.variants[1];
    if (!product || !variant) throw new Error('the seeded catalogue has a product with two variants');
    await adapter.updateInventory(variant.id, { set: 6 });
    const stored = [...shop.store.variants.values()].find((v) => v.sku === variant.sku);
    const body = JSON.stringify({ inventory_item_id: stored?.inventoryItemId, location_id: shop.store.locations[0], available: 6, updated_at: '2026-12-06T05:00:00Z' });
    const delivery = await deliver(body, 'inv-1');
    expect(delivery).toEqual({
      deliveryId: 'shopify-inv-1',
      replayKey: expect.stringMatching(/^sha256:/),
      events: [{ type: 'commerce.inventory.changed.v1', payload: { productId: product.id, variantId: variant.id, available: 6 }, occurredAt: new Date('2026-12-06T05:00:00Z') }],
    });
  });

  it('yields no event for an item Shopify no longer knows, and refuses a payload without an item id', async () => {
    expect(await deliver(JSON.stringify({ inventory_item_id: 999_999, available: 1 }), 'inv-2')).toEqual({ deliveryId: 'shopify-inv-2', replayKey: expect.stringMatching(/^sha256:/), events: [] });
    await expect(deliver(JSON.stringify({ available: 1 }), 'inv-3')).rejects.toMatchObject({ violations: [{ field: 'body' }] });
  });
});
