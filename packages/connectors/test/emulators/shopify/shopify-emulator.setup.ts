import type { ConnectorContext, SqlClient } from '@bizosaas/domain';
import { createShopifyCommerceConnector, type ShopifyConnectorOptions } from '../../../src/shopify/shopify.connector.js';
import { ShopifyCommerceAdapter } from '../../../src/shopify/shopify-commerce.adapter.js';
import type { ShopifyEmulator } from './shopify-emulator.js';

/** Test wiring shared by the Shopify tests: a seeded catalogue and adapters built the way the platform builds them. */

/** Two active products with stock-tracked EUR variants, a draft, an untracked variant and two customers. */
export function seedShopifyCatalogue(emulator: ShopifyEmulator): void {
  const { store } = emulator;
  store.addProduct({ title: 'Trail Runner', description: '<p>Light <b>trail</b> shoe</p>', variants: [{ title: '42', price: '89.90', sku: 'TR-42', stock: 12 }, { title: '43', price: '89.90', sku: 'TR-43', stock: 8 }] });
  store.addProduct({ title: 'Wool Socks', variants: [{ title: 'One size', price: '12.5', sku: 'WS-1', stock: 40 }] });
  store.addProduct({ title: 'Gift Wrap', variants: [{ title: 'Default Title', price: '3', tracked: false }] });
  store.addProduct({ title: 'Spring Jacket', status: 'DRAFT', variants: [{ title: 'M', price: '149.00', stock: 3 }] });
  store.addCustomer({ email: 'kim.buyer@kestrel-freight.example', firstName: 'Kim', lastName: 'Buyer', phone: '+4930123456' });
  store.addCustomer({ email: 'lee@globex.example', firstName: 'Lee' });
}

const refuse = () => Promise.reject(new Error('the Shopify connector keeps no state in the platform database'));
const noDatabase: SqlClient = { query: refuse, transaction: refuse };

/** The connection context the platform would hand the connector for this emulator. */
export function shopifyContext(emulator: ShopifyEmulator, connectionId: string, credentials: Record<string, string> = {}): ConnectorContext {
  return {
    tenantId: 'ten_test',
    connectionId,
    settings: { shopDomain: emulator.shopDomain, origin: emulator.url },
    credentials: { accessToken: emulator.accessToken, ...credentials },
    sql: noDatabase,
  };
}

/** An adapter through the connector definition (settings parsing, kit client, throttle), as in production. */
export function shopifyAdapter(emulator: ShopifyEmulator, connectionId: string, options: ShopifyConnectorOptions = {}): ShopifyCommerceAdapter {
  const adapter = createShopifyCommerceConnector({ allowEmulator: true, ...options }).createAdapter(shopifyContext(emulator, connectionId));
  if (!(adapter instanceof ShopifyCommerceAdapter)) throw new Error('the Shopify connector built another adapter');
  return adapter;
}
