import { ConnectorError, EntityIds, ValidationError, type ConnectorContext, type ConnectorWebhook } from '@bizosaas/domain';
import type { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { inventoryChangedEvents } from './shopify.inventory-webhook.js';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { parseShopifyCredentials, parseShopifySettings } from './shopify.settings.js';
import { parseShopifyWebhook, ShopifyWebhookError, verifyShopifyHmac } from './shopify.webhook.js';

/**
 * Shopify webhooks for the platform's `POST /webhooks/<connectionId>`: the HMAC of the raw body with the
 * app's client secret, the sending shop must be the connection's, and `X-Shopify-Webhook-Id` is the
 * delivery id the platform deduplicates on (Shopify resends a failed delivery with the same id).
 * `orders/create` carries everything its event needs; `inventory_levels/update` reads its variant back
 * through `clientFor`.
 */
export function createShopifyWebhook(clientFor: (context: ConnectorContext) => ShopifyGraphqlClient): ConnectorWebhook {
  return {
    async receive(context, request) {
      const { clientSecret } = parseShopifyCredentials(context.credentials);
      if (clientSecret === undefined) {
        throw new ConnectorError('misconfigured', SHOPIFY_PROVIDER, 'Add the Shopify app client secret to the connection to receive webhooks');
      }
      if (!verifyShopifyHmac(request.rawBody, request.headers['x-shopify-hmac-sha256'], clientSecret)) {
        throw new ConnectorError('unauthorized', SHOPIFY_PROVIDER, 'The Shopify webhook was refused (bad signature)');
      }
      // Signed by the same app, a delivery from another shop (another tenant's) must not land here.
      const { shopDomain } = parseShopifySettings(context.settings, { allowEmulator: true });
      if ((request.headers['x-shopify-shop-domain'] ?? '').toLowerCase() !== shopDomain) {
        throw new ConnectorError('unauthorized', SHOPIFY_PROVIDER, 'The Shopify webhook was refused (sent for another shop)');
      }
      const deliveryId = request.headers['x-shopify-webhook-id'] ?? '';
      if (!/^[A-Za-z0-9-]{1,100}$/.test(deliveryId)) throw new ValidationError([{ field: 'X-Shopify-Webhook-Id', reason: 'is required: the delivery id Shopify sends with every webhook' }]);
      const topic = request.headers['x-shopify-topic'] ?? '';
      try {
        const body = request.rawBody.toString('utf8');
        const events =
          topic === 'inventory_levels/update'
            ? await inventoryChangedEvents(clientFor(context), new EntityIds(context.connectionId), body)
            : parseShopifyWebhook(topic, body, context.connectionId);
        return { deliveryId: `shopify-${deliveryId}`, events };
      } catch (error) {
        if (error instanceof ShopifyWebhookError) throw new ValidationError([{ field: 'body', reason: error.message }]);
        throw error;
      }
    },
  };
}
