import { CommerceEventTypes } from '@bizosaas/domain';
import { createCommerceContext, createCommerceIntentResolvers } from '@bizosaas/subgraph-commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyEmulator } from '../../packages/connectors/test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue, shopifyAdapter } from '../../packages/connectors/test/emulators/shopify/shopify-emulator.setup.js';
import { IntentCrashLab } from './intent-crash-lab.js';

const identity = { tenantId: 'ten_shop', userId: 'usr_1', roles: ['editor'], requestId: 'req_shop' };

// Issue 10 for the shop: the process dies after Shopify committed a write and before ours; the next
// process's recovery pass settles the intent with exactly one effect at Shopify and one event.
describe('shop writes killed after the upstream call (Shopify emulator)', () => {
  let emulator: ShopifyEmulator;
  let lab: IntentCrashLab;

  beforeAll(async () => {
    emulator = await ShopifyEmulator.start();
    seedShopifyCatalogue(emulator);
    lab = await IntentCrashLab.open();
  });
  afterAll(async () => {
    await lab?.close();
    await emulator?.close();
  });

  it('finds a placed order among the buyer\'s orders and an adjusted stock by replaying its key: one effect, one event each', async () => {
    const port = shopifyAdapter(emulator, 'con_shop');
    const resolvers = createCommerceIntentResolvers({ commercePortFor: async () => port });
    const commerce = await createCommerceContext({ commercePortFor: async () => port, billingPortFor: () => Promise.reject(new Error('no billing')), outbox: lab.outbox }, identity).commerce();
    const products = (await port.listProducts({ first: 10 })).items.map((item) => item.node);
    const runner = products.find((p) => p.title === 'Trail Runner');
    const [size42, size43] = runner?.variants ?? [];
    if (!size42 || !size43) throw new Error('the seeded catalogue has no Trail Runner sizes');

    await expect(commerce.createOrder({ email: 'crash.buyer@example.org', currency: 'EUR', items: [{ variantId: size42.id, quantity: 2 }] })).rejects.toThrow(/killed/);
    await expect(commerce.updateInventory(size43.id, null, -3)).rejects.toThrow(/killed/);
    expect(emulator.store.orders.size).toBe(1);
    const stockAfterCrash = (await port.getProducts([runner?.id ?? '']))[0]?.variants.find((v) => v.id === size43.id)?.inventory;
    expect(stockAfterCrash).toBe(5);

    expect(await lab.recover(resolvers)).toBe(2);
    expect(await lab.recover(resolvers)).toBe(0);
    // Exactly one effect: one order, and the stock adjusted once (the re-sent adjustment was replayed).
    expect(emulator.store.orders.size).toBe(1);
    const stock = (await port.getProducts([runner?.id ?? '']))[0]?.variants.find((v) => v.id === size43.id)?.inventory;
    expect(stock).toBe(5);
    const [order] = (await port.findOrdersByEmails(['crash.buyer@example.org']))[0] ?? [];
    const events = await lab.events();
    expect(events).toEqual([
      { type: CommerceEventTypes.OrderCreated, payload: expect.objectContaining({ orderId: order?.id, email: 'crash.buyer@example.org' }) },
      { type: CommerceEventTypes.InventoryChanged, payload: { productId: runner?.id, variantId: size43.id, available: 5 } },
    ]);
    expect((await lab.intents()).map((i) => i.state)).toEqual(['completed', 'completed']);
  });

  it('settles an order that never reached Shopify as no effect, with no event', async () => {
    const port = shopifyAdapter(emulator, 'con_shop');
    const before = emulator.store.orders.size;
    const eventsBefore = (await lab.events()).length;
    const products = (await port.listProducts({ first: 10 })).items.map((item) => item.node);
    const variant = products.find((p) => p.title === 'Wool Socks')?.variants[0];
    // The intent is committed, then the process dies before its call reaches Shopify.
    const input = { email: 'ghost@example.org', currency: 'EUR', items: [{ variantId: variant?.id ?? '', quantity: 1 }], correlationId: null };
    const neverSent = () => Promise.reject(new Error('connection reset'));
    await expect(lab.outbox.commit(neverSent, { intent: { tenantId: identity.tenantId, operation: 'commerce.order.create', input }, through: port })).rejects.toThrow('connection reset');
    expect(await lab.recover(createCommerceIntentResolvers({ commercePortFor: async () => port }))).toBe(1);
    expect(emulator.store.orders.size).toBe(before);
    expect(await lab.events()).toHaveLength(eventsBefore);
    expect((await lab.intents()).at(-1)?.state).toBe('no_effect');
  });
});
