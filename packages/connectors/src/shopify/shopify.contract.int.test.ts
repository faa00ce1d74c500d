import { describeCommercePortContract } from '@bizosaas/domain/testing';
import { ShopifyEmulator } from '../../test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue, shopifyAdapter } from '../../test/emulators/shopify/shopify-emulator.setup.js';

describeCommercePortContract('shopify on its schema-true emulator', async () => {
  // The standard plan's bucket (2,000 points restored at 100 a second): the throttle paces the contract's
  // page walks, and unused points are refunded as Shopify does.
  const emulator = await ShopifyEmulator.start();
  seedShopifyCatalogue(emulator);
  return {
    port: shopifyAdapter(emulator, 'conn-shopify-a'),
    // The same shop through another connection: its ids must mean nothing to the first one.
    otherPort: shopifyAdapter(emulator, 'conn-shopify-b'),
    cleanup: async () => {
      await emulator.close();
      // Every query and mutation the connector sent must have validated against Shopify's 2026-10 schema.
      emulator.assertAllValid();
    },
  };
});
