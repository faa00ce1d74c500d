import { createHmac, timingSafeEqual } from 'node:crypto';
import { webhookReplayKey } from '@bizosaas/connector-kit';
import { CommerceEventTypes, ConnectorError, ValidationError, type ConnectorWebhook, type EntityIds, type WebhookDelivery, type WebhookRequest } from '@bizosaas/domain';
import { orderFromWoo, variantExternalId, WooKinds } from './woocommerce.mapping.js';
import { wooOrderSchema, wooProductSchema } from './woocommerce.schemas.js';
import { WOOCOMMERCE_PROVIDER } from './woocommerce.settings.js';

/** `X-WC-Webhook-Signature`: base64 of the HMAC-SHA256 of the raw body, keyed with the webhook's secret. */
export function signWooCommerceWebhook(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Whether `signature` is the body's signature; constant time over the exact expected length. */
export function verifyWooCommerceSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (signature === undefined) return false;
  const expected = Buffer.from(signWooCommerceWebhook(secret, body), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What the webhook receiver needs of a connection. */
export interface WooWebhookConnection {
  readonly webhookSecret: string | undefined;
  readonly ids: EntityIds;
}

/**
 * WooCommerce webhooks (https://woocommerce.com/document/webhooks/) for `POST /webhooks/<connectionId>`:
 * the signature first (nothing is read before it checks out), then the topic. `order.created` becomes
 * `commerce.order.created.v1`; `product.created`/`product.updated` of a stock-managed simple product
 * become `commerce.inventory.changed.v1`; other topics and the ping WooCommerce sends when a webhook is
 * saved (`webhook_id=<n>`) are accepted with no events. `X-WC-Webhook-Delivery-ID` identifies a delivery,
 * so the platform publishes a repeated one once. The signature covers the body only and WooCommerce sends
 * no signed time, so there is no timestamp to check: replay protection is the replay key, a digest of the
 * signed body and of the event types it publishes, which the platform deduplicates on as well: a captured
 * delivery re-sent under a new delivery id, or under another topic that publishes the same, publishes
 * nothing. (The event types are in the key because `order.created` and `order.updated` may carry the same
 * body; only `order.created` publishes.)
 */
export function createWooCommerceWebhook(connectionOf: (context: Parameters<ConnectorWebhook['receive']>[0]) => WooWebhookConnection): ConnectorWebhook {
  return {
    async receive(context, request) {
      const { webhookSecret, ids } = connectionOf(context);
      if (webhookSecret === undefined) throw new ConnectorError('misconfigured', WOOCOMMERCE_PROVIDER, 'Add the webhook secret to the WooCommerce connection to receive its webhooks');
      if (!verifyWooCommerceSignature(webhookSecret, request.rawBody, request.headers['x-wc-webhook-signature'])) {
        throw new ConnectorError('unauthorized', WOOCOMMERCE_PROVIDER, 'The WooCommerce webhook was refused (missing or bad X-WC-Webhook-Signature)');
      }
      const delivery = deliveryOf(request, ids);
      // Keyed by what the delivery publishes, not by its unsigned topic header: product.created and
      // product.updated both publish the stock, so a captured product.created re-sent as product.updated
      // (an old stock level) must hit the same key.
      return { ...delivery, replayKey: webhookReplayKey(delivery.events.map((e) => e.type).join(' '), request.rawBody) };
    },
  };
}

function deliveryOf(request: WebhookRequest, ids: EntityIds): WebhookDelivery {
  const text = request.rawBody.toString('utf8');
  const ping = /^webhook_id=\d+$/.exec(text.trim());
  const deliveryId = request.headers['x-wc-webhook-delivery-id'] ?? (ping ? `ping-${text.trim()}` : undefined);
  if (deliveryId === undefined || !/^[\w.-]{1,128}$/.test(deliveryId)) throw new ValidationError([{ field: 'headers.x-wc-webhook-delivery-id', reason: 'is missing or not a delivery id' }]);
  if (ping) return { deliveryId, events: [] };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: 'body', reason: 'is not JSON' }]);
  }
  const topic = request.headers['x-wc-webhook-topic'] ?? '';
  if (topic === 'order.created') {
    const parsed = wooOrderSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError([{ field: 'body', reason: `is not a WooCommerce order (${parsed.error.issues[0]?.message ?? 'unreadable'})` }]);
    const order = orderFromWoo(parsed.data, ids);
    return { deliveryId, events: [{ type: CommerceEventTypes.OrderCreated, payload: { orderId: order.id, number: order.number, email: order.email, total: order.total }, occurredAt: order.createdAt }] };
  }
  if (topic === 'product.created' || topic === 'product.updated') {
    const parsed = wooProductSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError([{ field: 'body', reason: `is not a WooCommerce product (${parsed.error.issues[0]?.message ?? 'unreadable'})` }]);
    const product = parsed.data;
    if (product.type === 'variable' || product.manage_stock !== true) return { deliveryId, events: [] };
    const payload = { productId: ids.encode(WooKinds.Product, String(product.id)), variantId: ids.encode(WooKinds.Variant, variantExternalId(product.id)), available: Math.max(0, product.stock_quantity ?? 0) };
    return { deliveryId, events: [{ type: CommerceEventTypes.InventoryChanged, payload }] };
  }
  return { deliveryId, events: [] };
}
