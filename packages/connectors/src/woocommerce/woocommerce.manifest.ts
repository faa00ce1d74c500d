import type { ConnectorManifest } from '@bizosaas/domain';
import { WOOCOMMERCE_PROVIDER, wooCommerceCredentialFields, wooCommerceSettingsFields } from './woocommerce.settings.js';

/** WooCommerce: every CommercePort method over REST wc/v3, with a consumer key and secret. */
export const wooCommerceManifest = {
  id: WOOCOMMERCE_PROVIDER,
  displayName: 'WooCommerce',
  port: 'commerce',
  capabilities: ['listProducts', 'getProducts', 'listOrders', 'getOrders', 'findOrdersByEmails', 'createOrder', 'updateInventory', 'listCustomers', 'getCustomers'],
  authKind: 'basic',
  settingsFields: wooCommerceSettingsFields,
  credentialFields: wooCommerceCredentialFields,
  // Self-hosted: the only host called is the connection's own shop URL (https, public; see checkSiteUrl).
  allowedHosts: [],
  docsUrl: 'https://woocommerce.github.io/woocommerce-rest-api-docs/',
} as const satisfies ConnectorManifest & { readonly port: 'commerce' };
