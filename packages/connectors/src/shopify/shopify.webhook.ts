import { createHmac, timingSafeEqual } from 'node:crypto';
import { CommerceEventTypes, EntityIds, type OrderCreatedPayload } from '@bizosaas/domain';
import { z } from 'zod';
import { shopifyMoney, ShopifyKinds } from './shopify.mapping.js';

/**
 * Verifies `X-Shopify-Hmac-Sha256`: base64(HMAC-SHA256(app client secret, raw body)). The header is decoded
 * and compared in constant time, and only when it has the digest's exact length (a short or padded value
 * is refused before comparing). https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
export function verifyShopifyHmac(rawBody: Buffer, header: string | undefined, clientSecret: string): boolean {
  if (header === undefined || !/^[A-Za-z0-9+/]{43}=$/.test(header.trim())) return false;
  const expected = createHmac('sha256', clientSecret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs a body as Shopify does (emulators and tests). */
export function signShopifyWebhook(rawBody: Buffer | string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(rawBody).digest('base64');
}

/** The fields of the `orders/create` payload (REST resource shape) the event needs. */
// Shopify's numeric ids can exceed 2^53 and lose digits in JSON.parse; the GID string is exact, so it wins.
const orderPayloadSchema = z.object({
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/Order\/\d+$/),
  name: z.string(),
  email: z.string().nullable().optional(),
  total_price: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  created_at: z.string().optional(),
  financial_status: z.string().nullable().optional(),
});

/** An `orders/create` or `orders/paid` delivery as a domain event. */
export type ShopifyWebhookEvent = { readonly type: typeof CommerceEventTypes.OrderCreated | typeof CommerceEventTypes.OrderPaid; readonly payload: OrderCreatedPayload; readonly occurredAt?: Date };

/** The order topics mapped to events; both carry the order resource. */
const ORDER_TOPICS: Readonly<Record<string, ShopifyWebhookEvent['type']>> = { 'orders/create': CommerceEventTypes.OrderCreated, 'orders/paid': CommerceEventTypes.OrderPaid };

/** Thrown for a payload that is not what its topic promises; the receiver answers 400. */
export class ShopifyWebhookError extends Error {
  override readonly name = 'ShopifyWebhookError';
}

/**
 * Maps a verified delivery of `topic` to domain events: `orders/create` -> `commerce.order.created.v1`,
 * `orders/paid` -> `commerce.order.paid.v1` (https://shopify.dev/docs/api/webhooks?reference=toml#list-orders-paid).
 * `inventory_levels/update` needs a read-back (shopify.inventory-webhook.ts); other topics are
 * acknowledged with no events (subscribe only to what is mapped).
 */
export function parseShopifyWebhook(topic: string, rawBody: string, connectionId: string): ShopifyWebhookEvent[] {
  const type = ORDER_TOPICS[topic];
  if (type === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ShopifyWebhookError('the body is not JSON');
  }
  const parsed = orderPayloadSchema.safeParse(json);
  if (!parsed.success) throw new ShopifyWebhookError(`an ${topic} payload needs ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const order = parsed.data;
  // The topic header is not signed: an unpaid order's orders/create body re-sent as orders/paid must not
  // become a payment (the order-paid workflow acts on it), so a payment needs the signed body to say paid.
  if (type === CommerceEventTypes.OrderPaid && order.financial_status !== 'paid') {
    throw new ShopifyWebhookError(`an orders/paid payload needs financial_status "paid" (got ${JSON.stringify(order.financial_status ?? null)})`);
  }
  const ids = new EntityIds(connectionId);
  // A payment happens later than the order: its event is stamped when it arrives.
  const createdAt = order.created_at && type === CommerceEventTypes.OrderCreated ? new Date(order.created_at) : undefined;
  return [
    {
      type,
      payload: { orderId: ids.encode(ShopifyKinds.Order, order.admin_graphql_api_id.replace(/^.*\//, '')), number: order.name, email: order.email ?? null, total: shopifyMoney(order.total_price, order.currency) },
      ...(createdAt && !Number.isNaN(createdAt.getTime()) && { occurredAt: createdAt }),
    },
  ];
}
