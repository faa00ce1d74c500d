import { basicAuth, defineHttpConnector, type AuthStrategy } from '@bizosaas/connector-kit';
import { EntityIds } from '@bizosaas/domain';
import { WooCommerceAdapter } from './woocommerce-commerce.adapter.js';
import { wooCommerceManifest } from './woocommerce.manifest.js';
import { wooCommerceProfile } from './woocommerce.profile.js';
import { wooCommerceCredentialsSchema, wooCommerceSettingsSchema } from './woocommerce.settings.js';
import { createWooCommerceWebhook } from './woocommerce.webhook.js';

/** HTTP Basic with the consumer key and secret (WooCommerce's scheme over HTTPS); both are redacted. */
function consumerKeyAuth(consumerKey: string, consumerSecret: string): AuthStrategy {
  const basic = basicAuth(consumerKey, consumerSecret);
  return { authorize: (headers) => basic.authorize(headers), secrets: () => [...basic.secrets(), consumerKey] };
}

/**
 * WooCommerce (commerce port) on REST wc/v3 at `<siteUrl>/wp-json/wc/v3`. Registered in the runtime's
 * list with one line: `wooCommerceConnector(runtime)`.
 */
export const wooCommerceConnector = defineHttpConnector({
  manifest: wooCommerceManifest,
  profile: wooCommerceProfile,
  settings: wooCommerceSettingsSchema,
  credentials: wooCommerceCredentialsSchema,
  baseUrl: (settings) => `${settings.siteUrl}/wp-json/wc/v3`,
  auth: (_settings, credentials) => consumerKeyAuth(credentials.consumerKey, credentials.consumerSecret),
  createAdapter: ({ context, http }) => new WooCommerceAdapter({ connectionId: context.connectionId, http }),
  // Reading one order proves the key and that it may read orders (a read-only key fails at the first write).
  testConnection: async (adapter) => {
    await adapter.listOrders({ first: 1 });
  },
  webhook: (resolve) => createWooCommerceWebhook((context) => ({ webhookSecret: resolve(context).credentials.webhookSecret, ids: new EntityIds(context.connectionId) })),
});
