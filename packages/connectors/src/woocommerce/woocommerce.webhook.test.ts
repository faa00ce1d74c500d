import { CommerceEventTypes, ConnectorError, EntityIds, ValidationError, type WebhookRequest } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { createWooCommerceWebhook, signWooCommerceWebhook, verifyWooCommerceSignature } from './woocommerce.webhook.js';

const SECRET = 'woo-webhook-secret-0123456789';
const ids = new EntityIds('conn-woo-hooks');
const context = { tenantId: 't', connectionId: 'conn-woo-hooks', settings: {}, credentials: {}, sql: { query: () => Promise.reject(new Error('no db')), transaction: () => Promise.reject(new Error('no db')) } };
const orderBody = JSON.stringify({ id: 4750, number: '4750', status: 'processing', currency: 'EUR', total: '12.00', customer_id: 0, billing: { email: 'ines@example.org' }, line_items: [], date_created_gmt: '2026-03-11T16:00:00' });

function request(body: string, headers: Record<string, string | undefined>): WebhookRequest {
  return { headers, rawBody: Buffer.from(body, 'utf8'), url: 'https://api.example/webhooks/con_x', method: 'POST' };
}

const receiver = (secret: string | null = SECRET) => createWooCommerceWebhook(() => ({ webhookSecret: secret ?? undefined, ids }));

describe('WooCommerce webhooks', () => {
  it('verifies X-WC-Webhook-Signature: base64 HMAC-SHA256 of the exact body', () => {
    const signature = signWooCommerceWebhook(SECRET, orderBody);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(verifyWooCommerceSignature(SECRET, Buffer.from(orderBody), signature)).toBe(true);
    expect(verifyWooCommerceSignature(SECRET, Buffer.from(`${orderBody} `), signature)).toBe(false);
    expect(verifyWooCommerceSignature('another-secret-000', Buffer.from(orderBody), signature)).toBe(false);
    expect(verifyWooCommerceSignature(SECRET, Buffer.from(orderBody), signature.slice(0, 20))).toBe(false);
    expect(verifyWooCommerceSignature(SECRET, Buffer.from(orderBody), undefined)).toBe(false);
  });

  it('refuses a missing or bad signature as unauthorized, before reading anything', async () => {
    for (const signature of [undefined, signWooCommerceWebhook('wrong-secret-00000', orderBody), 'not base64 at all']) {
      const error = await receiver().receive(context, request(orderBody, { 'x-wc-webhook-signature': signature, 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': 'd1' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'unauthorized', provider: 'woocommerce' });
    }
    await expect(receiver(null).receive(context, request(orderBody, {}))).rejects.toMatchObject({ code: 'misconfigured' });
  });

  it('maps order.created to commerce.order.created.v1 keyed by the delivery id', async () => {
    const delivery = await receiver().receive(context, request(orderBody, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, orderBody), 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': '36e520ebabc2fa725092ff4a47acedf2' }));
    expect(delivery.deliveryId).toBe('36e520ebabc2fa725092ff4a47acedf2');
    expect(delivery.events).toEqual([
      { type: CommerceEventTypes.OrderCreated, payload: { orderId: ids.encode('Order', '4750'), number: '#4750', email: 'ines@example.org', total: { amount: '12.00', currency: 'EUR' } }, occurredAt: new Date('2026-03-11T16:00:00Z') },
    ]);
  });

  it('maps a stock-managed simple product update to commerce.inventory.changed.v1, and ignores other topics', async () => {
    const product = JSON.stringify({ id: 12, name: 'Beans', type: 'simple', status: 'publish', manage_stock: true, stock_quantity: 3 });
    const sign = (body: string, topic: string, id: string) => request(body, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, body), 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': id });
    expect((await receiver().receive(context, sign(product, 'product.updated', 'p1'))).events).toEqual([
      { type: CommerceEventTypes.InventoryChanged, payload: { productId: ids.encode('Product', '12'), variantId: ids.encode('ProductVariant', '12'), available: 3 } },
    ]);
    expect((await receiver().receive(context, sign(orderBody, 'order.updated', 'o2'))).events).toEqual([]);
    // The ping WooCommerce sends when a webhook is saved: signed, form-encoded, no events.
    expect(await receiver().receive(context, sign('webhook_id=7', '', 'ping-7'))).toEqual({ deliveryId: 'ping-7', events: [], replayKey: expect.stringMatching(/^sha256:/) });
  });

  it('refuses a signed delivery it cannot read, naming what is wrong', async () => {
    const garbage = '{"id": "x"}';
    const error = await receiver().receive(context, request(garbage, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, garbage), 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': 'g1' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    await expect(receiver().receive(context, request(orderBody, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, orderBody), 'x-wc-webhook-topic': 'order.created' }))).rejects.toMatchObject({
      violations: [{ field: 'headers.x-wc-webhook-delivery-id' }],
    });
  });

  it('keys a delivery by its signed body and what it publishes, the same under any delivery id (WooCommerce signs no time)', async () => {
    const signed = (id: string, topic = 'order.created') => request(orderBody, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, orderBody), 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': id });
    const first = await receiver().receive(context, signed('d-1'));
    const resent = await receiver().receive(context, signed('d-2'));
    expect(first.replayKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(resent).toMatchObject({ deliveryId: 'd-2', replayKey: first.replayKey });
    // order.updated may carry the same body as order.created; it is another delivery (and publishes nothing).
    const updated = await receiver().receive(context, signed('d-3', 'order.updated'));
    expect(updated.replayKey).not.toBe(first.replayKey);
    const other = JSON.stringify({ ...JSON.parse(orderBody), total: '13.00' });
    const changed = await receiver().receive(context, request(other, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, other), 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': 'd-4' }));
    expect(changed.replayKey).not.toBe(first.replayKey);
  });

  it('keys product.created and product.updated of one body alike: an old stock level re-sent under the other topic is a replay', async () => {
    const product = JSON.stringify({ id: 12, name: 'Beans', type: 'simple', status: 'publish', manage_stock: true, stock_quantity: 10 });
    const signed = (topic: string, id: string) => request(product, { 'x-wc-webhook-signature': signWooCommerceWebhook(SECRET, product), 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': id });
    const created = await receiver().receive(context, signed('product.created', 'c-1'));
    const replayed = await receiver().receive(context, signed('product.updated', 'u-1'));
    expect(created.events).toEqual(replayed.events);
    expect(replayed.replayKey).toBe(created.replayKey);
    // A topic that publishes nothing keys apart, so it never shadows one that does.
    expect((await receiver().receive(context, signed('product.deleted', 'x-1'))).replayKey).not.toBe(created.replayKey);
  });
});
