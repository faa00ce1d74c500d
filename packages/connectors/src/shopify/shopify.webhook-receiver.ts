import { webhookReplayKey } from '@bizosaas/connector-kit';
import { ConnectorError, EntityIds, ValidationError, type ConnectorContext, type ConnectorWebhook } from '@bizosaas/domain';
import type { ShopifyGraphqlClient } from './shopify.graphql-client.js';
import { inventoryChangedEvents } from './shopify.inventory-webhook.js';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { parseShopifyCredentials, parseShopifySettings } from './shopify.settings.js';
import { parseShopifyWebhook, ShopifyWebhookError, verifyShopifyHmac } from './shopify.webhook.js';
import { checkShopifyTriggeredAt, SHOPIFY_WEBHOOK_MAX_AGE_SECONDS } from './shopify.webhook-freshness.js';

/** How deliveries are judged fresh; both default for production. */
export interface ShopifyWebhookOptions {
  /** The oldest `X-Shopify-Triggered-At` accepted, in seconds (default a day: see shopify.webhook-freshness.ts). */
  readonly maxAgeSeconds?: number;
  readonly now?: () => number;
}

/**
 * Shopify webhooks for the platform's `POST /webhooks/<connectionId>`: the HMAC of the raw body with the
 * app's client secret, the sending shop must be the connection's, and `X-Shopify-Webhook-Id` is the
 * delivery id the platform deduplicates on (Shopify resends a failed delivery with the same id).
 * The HMAC covers the body only: the webhook id, topic and trigger time travel unsigned. So the delivery
 * also carries a replay key, the digest of the signed body and of the event types it publishes, which the
 * platform deduplicates on too (a captured delivery re-sent under a new webhook id, or under another topic
 * publishing the same, publishes nothing), and a delivery whose `X-Shopify-Triggered-At` is older than
 * `maxAgeSeconds` (or more than 5 minutes ahead) is refused. The event types are part of the key because
 * Shopify may send `orders/create` and `orders/paid` with the same body; a body re-sent under another
 * topic must still parse as that topic's payload to publish anything.
 * `orders/create` carries everything its event needs; `inventory_levels/update` reads its variant back
 * through `clientFor`.
 */
export function createShopifyWebhook(clientFor: (context: ConnectorContext) => ShopifyGraphqlClient, options: ShopifyWebhookOptions = {}): ConnectorWebhook {
  const maxAgeSeconds = options.maxAgeSeconds ?? SHOPIFY_WEBHOOK_MAX_AGE_SECONDS;
  const now = options.now ?? Date.now;
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
      const trigger = checkShopifyTriggeredAt(request.headers['x-shopify-triggered-at'], now(), maxAgeSeconds);
      if (trigger.verdict === 'missing' || trigger.verdict === 'malformed') {
        throw new ValidationError([{ field: 'X-Shopify-Triggered-At', reason: 'is required: the ISO 8601 time Shopify triggered the delivery (sent with every webhook)' }]);
      }
      if (trigger.verdict !== 'fresh') {
        const when = trigger.verdict === 'stale' ? `more than ${maxAgeSeconds} s ago` : 'in the future';
        throw new ConnectorError('unauthorized', SHOPIFY_PROVIDER, `The Shopify webhook was refused (triggered at ${trigger.triggeredAt.toISOString()}, ${when}: a replay, or a clock to fix)`);
      }
      const topic = request.headers['x-shopify-topic'] ?? '';
      try {
        const body = request.rawBody.toString('utf8');
        const events =
          topic === 'inventory_levels/update'
            ? await inventoryChangedEvents(clientFor(context), new EntityIds(context.connectionId), body)
            : parseShopifyWebhook(topic, body, context.connectionId);
        return { deliveryId: `shopify-${deliveryId}`, replayKey: webhookReplayKey(events.map((e) => e.type).join(' '), request.rawBody), events };
      } catch (error) {
        if (error instanceof ShopifyWebhookError) throw new ValidationError([{ field: 'body', reason: error.message }]);
        throw error;
      }
    },
  };
}
