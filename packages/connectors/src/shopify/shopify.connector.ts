import { createHttpClient, headerToken, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { ShopifyCommerceAdapter } from './shopify-commerce.adapter.js';
import { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { shopifyCommerceManifest } from './shopify.manifest.js';
import { shopifyProfile } from './shopify.profile.js';
import { shopQuery } from './shopify.queries.js';
import { shopData } from './shopify.schemas.js';
import { parseShopifyCredentials, parseShopifySettings } from './shopify.settings.js';
import { ShopifyCostThrottle } from './shopify.throttle.js';
import { createShopifyWebhook } from './shopify.webhook-receiver.js';

/** What the platform can wire into Shopify adapters (all optional; in-memory defaults). */
export interface ShopifyConnectorOptions {
  /** Accept `127.0.0.1:<port>` as the shop domain (emulators). Never tenant-controlled. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The oldest webhook `X-Shopify-Triggered-At` accepted, in seconds (default a day). */
  readonly webhookMaxAgeSeconds?: number;
  readonly now?: () => number;
}

/** Builds the Shopify commerce connector; `shopifyCommerceConnector` is the one with in-memory defaults. */
export function createShopifyCommerceConnector(options: ShopifyConnectorOptions = {}): ConnectorDefinition<'commerce'> {
  const parseSettings = (raw: unknown) => parseShopifySettings(raw, { allowEmulator: options.allowEmulator === true });
  const clientFor = (context: ConnectorContext) => {
    const { origin } = parseSettings(context.settings);
    const { accessToken } = parseShopifyCredentials(context.credentials);
    const http = createHttpClient({
      profile: shopifyProfile,
      baseUrl: origin,
      connectionId: context.connectionId,
      auth: headerToken('X-Shopify-Access-Token', accessToken),
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.logger && { logger: options.logger }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.sleep && { sleep: options.sleep }),
    });
    // One cost bucket per adapter; the platform caches one adapter per connection.
    return new ShopifyGraphqlClient(http, new ShopifyCostThrottle(Date.now, options.sleep), options.logger);
  };
  const createAdapter = (context: ConnectorContext) => new ShopifyCommerceAdapter({ connectionId: context.connectionId, client: clientFor(context) });
  return {
    manifest: shopifyCommerceManifest,
    parseSettings,
    parseCredentials: (raw) => parseShopifyCredentials(raw),
    async testConnection(context) {
      // One cheap authenticated call; a rejected token surfaces as ConnectorError('unauthorized').
      await clientFor(context).run(shopQuery, {}, shopData);
    },
    createAdapter,
    webhook: createShopifyWebhook(clientFor, {
      ...(options.webhookMaxAgeSeconds !== undefined && { maxAgeSeconds: options.webhookMaxAgeSeconds }),
      ...(options.now && { now: options.now }),
    }),
  };
}

export const shopifyCommerceConnector: ConnectorDefinition<'commerce'> = createShopifyCommerceConnector();
