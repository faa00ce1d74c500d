import type { ShopifyEmulator } from '../../packages/connectors/test/emulators/shopify/shopify-emulator.js';
import type { WooCommerceEmulator } from '../../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.js';
import { WEBHOOK_SECRET } from '../../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.setup.js';
import type { GraphQLResponse, TestApp } from './test-app.js';

/** The Shopify app's client secret the emulated shop's webhooks are signed with. */
export const SHOPIFY_CLIENT_SECRET = 'shpss_emulated_app_secret_0123456789';

/** What `connect(port: COMMERCE, ...)` takes. */
export interface CommerceConnectInput {
  readonly provider: string;
  readonly settings: Record<string, unknown>;
  readonly credentials: Record<string, unknown>;
}

export const CONNECT_COMMERCE =
  'mutation($provider: String!, $settings: JSON!, $credentials: JSON!) { connect(port: COMMERCE, provider: $provider, settings: $settings, credentials: $credentials) { id provider status } }';

/** A connection to the schema-validating Shopify emulator, with the app secret that verifies its webhooks. */
export function shopifyConnectInput(shopify: ShopifyEmulator): CommerceConnectInput {
  return { provider: 'shopify', settings: { shopDomain: shopify.shopDomain }, credentials: { accessToken: shopify.accessToken, clientSecret: SHOPIFY_CLIENT_SECRET } };
}

/** A connection to the WooCommerce emulator, with the webhook secret its deliveries are signed with. */
export function wooCommerceConnectInput(woo: WooCommerceEmulator): CommerceConnectInput {
  return { provider: 'woocommerce', settings: { siteUrl: woo.url }, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: WEBHOOK_SECRET } };
}

/**
 * Connects the key's tenant to a commerce provider through the gateway, as an admin would, and returns the
 * new connection's id with the raw answer. Fails with the answer's errors unless the connection is ACTIVE.
 */
export async function connectCommerce(t: TestApp, key: string, input: CommerceConnectInput): Promise<{ id: string; response: GraphQLResponse<any> }> {
  const response = await t.gql(key, CONNECT_COMMERCE, { ...input });
  const connection = response.data?.connect;
  if (response.errors || connection?.provider !== input.provider || connection?.status !== 'ACTIVE') {
    throw new Error(`connecting ${input.provider} failed: ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return { id: connection.id as string, response };
}
