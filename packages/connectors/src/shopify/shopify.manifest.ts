import type { ConnectorManifest } from '@bizosaas/domain';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { shopifyCredentialFields, shopifySettingsFields } from './shopify.settings.js';

/** Shopify: every CommercePort method over the Admin GraphQL API 2026-10, with an Admin API access token. */
export const shopifyCommerceManifest = {
  id: SHOPIFY_PROVIDER,
  displayName: 'Shopify',
  port: 'commerce',
  capabilities: ['listProducts', 'getProducts', 'listOrders', 'getOrders', 'findOrdersByEmails', 'createOrder', 'updateInventory', 'listCustomers', 'getCustomers'],
  authKind: 'api_key',
  settingsFields: shopifySettingsFields,
  credentialFields: shopifyCredentialFields,
  // The only host called is the connection's own `<shop>.myshopify.com` (see parseShopifySettings).
  allowedHosts: ['*.myshopify.com'],
  docsUrl: 'https://shopify.dev/docs/api/admin-graphql/2026-10',
} as const satisfies ConnectorManifest & { readonly port: 'commerce' };
