import { describeCommercePortContract } from '@bizosaas/domain/testing';
import { seededWooCommerce, wooConnection } from '../../test/emulators/woocommerce/woocommerce-emulator.setup.js';

describeCommercePortContract('woocommerce on its emulator', async () => {
  const emulator = await seededWooCommerce();
  return {
    port: wooConnection(emulator, 'conn-woo-contract-a').port,
    // Same shop, another connection: its ids must mean nothing to the first one.
    otherPort: wooConnection(emulator, 'conn-woo-contract-b').port,
    cleanup: () => emulator.close(),
  };
});
