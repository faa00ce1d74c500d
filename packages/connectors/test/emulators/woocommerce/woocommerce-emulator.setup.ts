import type { CommercePort, ConnectorContext } from '@bizosaas/domain';
import { wooCommerceConnector } from '../../../src/woocommerce/woocommerce.connector.js';
import { WooCommerceEmulator } from './woocommerce-emulator.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the WooCommerce connector queried the platform database')),
  transaction: () => Promise.reject(new Error('the WooCommerce connector opened a transaction')),
};

export const WEBHOOK_SECRET = 'woo-webhook-secret-0123456789';

/** An emulated shop with a catalogue (simple and variable products, one untracked) and two customers. */
export async function seededWooCommerce(): Promise<WooCommerceEmulator> {
  const emulator = await WooCommerceEmulator.start();
  const { store } = emulator;
  store.addSimpleProduct({ name: 'Espresso beans 1 kg', price: '24.90', stock: 40, sku: 'BEAN-1KG' });
  store.addVariableProduct({ name: 'Barista apron', options: [{ option: 'S', price: '19.99', stock: 12 }, { option: 'L', price: '21', stock: 8 }] });
  store.addSimpleProduct({ name: 'Gift card', price: '50', stock: null });
  store.addSimpleProduct({ name: 'Cold brew kit', price: '39.5', stock: 5, status: 'draft' });
  store.addCustomer({ email: 'ines.meyer@example.org', firstName: 'Ines', lastName: 'Meyer', phone: '+49 30 1234567' });
  store.addCustomer({ email: 'tom.okafor@example.org', firstName: 'Tom', lastName: 'Okafor' });
  return emulator;
}

/** A connection to the emulator through the registered connector (as the platform builds it). */
export function wooConnection(emulator: WooCommerceEmulator, connectionId: string): { port: CommercePort; context: ConnectorContext; connector: ReturnType<typeof wooCommerceConnector> } {
  const connector = wooCommerceConnector({ allowEmulator: true, rateLimiter: { take: async () => undefined } });
  const context: ConnectorContext = {
    tenantId: 't-woo',
    connectionId,
    settings: connector.parseSettings({ siteUrl: emulator.url }),
    credentials: connector.parseCredentials({ consumerKey: emulator.consumerKey, consumerSecret: emulator.consumerSecret, webhookSecret: WEBHOOK_SECRET }),
    sql: noDatabase,
  };
  return { port: connector.createAdapter(context), context, connector };
}
