import { ConnectorError, ValidationError, type ConnectorContext, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { createShopifyWebhook } from './shopify.webhook-receiver.js';
import { signShopifyWebhook } from './shopify.webhook.js';

const SECRET = 'shpss_receiver_secret_0123';
const refuse = () => Promise.reject(new Error('no database'));
const sql: SqlClient = { query: refuse, transaction: refuse };
const context = (credentials: Record<string, string> = { accessToken: 'shpat_x', clientSecret: SECRET }): ConnectorContext => ({
  tenantId: 'ten_1',
  connectionId: 'con_shop',
  settings: { shopDomain: 'acme.myshopify.com', origin: 'https://acme.myshopify.com' },
  credentials,
  sql,
});
const body = Buffer.from(JSON.stringify({ admin_graphql_api_id: 'gid://shopify/Order/5', name: '#1005', email: null, total_price: '1.00', currency: 'USD' }));
const request = (headers: Record<string, string | undefined>) => ({
  method: 'POST',
  url: 'https://platform.example/webhooks/con_shop',
  rawBody: body,
  headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': 'acme.myshopify.com', 'x-shopify-webhook-id': 'wh-1', 'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET), ...headers },
});

describe('Shopify webhook receiver', () => {
  const webhook = createShopifyWebhook(() => {
    throw new Error('orders/create needs no read-back');
  });

  it('answers the delivery id Shopify sent and the mapped events', async () => {
    const delivery = await webhook.receive(context(), request({}));
    expect(delivery.deliveryId).toBe('shopify-wh-1');
    expect(delivery.events).toMatchObject([{ type: 'commerce.order.created.v1', payload: { number: '#1005', email: null, total: { amount: '1.00', currency: 'USD' } } }]);
  });

  it('refuses a bad signature and a delivery for another shop as unauthorized', async () => {
    await expect(webhook.receive(context(), request({ 'x-shopify-hmac-sha256': signShopifyWebhook(body, 'other') }))).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(webhook.receive(context(), request({ 'x-shopify-shop-domain': 'evil.myshopify.com' }))).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(webhook.receive(context(), request({ 'x-shopify-shop-domain': undefined }))).rejects.toBeInstanceOf(ConnectorError);
  });

  it('needs the app secret on the connection and a webhook id on the delivery', async () => {
    await expect(webhook.receive(context({ accessToken: 'shpat_x' }), request({}))).rejects.toMatchObject({ code: 'misconfigured' });
    const error = await webhook.receive(context(), request({ 'x-shopify-webhook-id': undefined })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ violations: [{ field: 'X-Shopify-Webhook-Id' }] });
  });
});
