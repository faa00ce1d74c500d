import { describeCommercePortContract } from '@bizosaas/domain/testing';
import { ShopifyEmulator } from '../../test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue, shopifyAdapter } from '../../test/emulators/shopify/shopify-emulator.setup.js';

describeCommercePortContract('shopify on its schema-true emulator', async () => {
  // Shopify Plus's bucket (20,000 points, 1,000 a second): the contract walks every page many times, and on
  // the standard plan's 100 a second the throttle would rightly make it wait minutes (see shopify.throttle.int.test.ts).
  const emulator = await ShopifyEmulator.start({ bucket: { maximumAvailable: 20_000, restoreRate: 1_000 } });
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
