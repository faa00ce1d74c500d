import { ConnectorError, ValidationError, type ConnectorContext, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { createShopifyWebhook } from './shopify.webhook-receiver.js';
import { signShopifyWebhook } from './shopify.webhook.js';

const SECRET = 'shpss_receiver_secret_0123';
const NOW = Date.parse('2026-12-06T12:00:00Z');
const refuse = () => Promise.reject(new Error('no database'));
const sql: SqlClient = { query: refuse, transaction: refuse };
const context = (credentials: Record<string, string> = { accessToken: 'shpat_x', clientSecret: SECRET }): ConnectorContext => ({
  tenantId: 'ten_1',
  connectionId: 'con_shop',
  settings: { shopDomain: 'acme.myshopify.com', origin: 'https://acme.myshopify.com' },
  credentials,
  sql,
});
const body = Buffer.from(JSON.stringify({ admin_graphql_api_id: 'gid://shopify/Order/5', name: '#1005', email: null, total_price: '1.00', currency: 'USD', financial_status: 'paid' }));
const request = (headers: Record<string, string | undefined>) => ({
  method: 'POST',
  url: 'https://platform.example/webhooks/con_shop',
  rawBody: body,
  headers: {
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'acme.myshopify.com',
    'x-shopify-webhook-id': 'wh-1',
    'x-shopify-triggered-at': '2026-12-06T11:59:59.123456789Z',
    'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET),
    ...headers,
  },
});

describe('Shopify webhook receiver', () => {
  const noReadBack = () => {
    throw new Error('orders/create needs no read-back');
  };
  const webhook = createShopifyWebhook(noReadBack, { now: () => NOW });

  it('answers the delivery id Shopify sent and the mapped events', async () => {
    const delivery = await webhook.receive(context(), request({}));
    expect(delivery.deliveryId).toBe('shopify-wh-1');
    expect(delivery.replayKey).toMatch(/^sha256:[0-9a-f]{64}$/);
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

  it('keys a delivery by its signed body and what it publishes, so the same body under a new webhook id is recognisable', async () => {
    const first = await webhook.receive(context(), request({}));
    // A capture re-sent with a new webhook id and a fresh (unsigned) trigger time: same replay key.
    const resent = await webhook.receive(context(), request({ 'x-shopify-webhook-id': 'wh-2', 'x-shopify-triggered-at': '2026-12-06T12:00:00Z' }));
    expect(resent.deliveryId).toBe('shopify-wh-2');
    expect(resent.replayKey).toBe(first.replayKey);
    // Shopify may send orders/create and orders/paid with the same body: different keys, both publish.
    const paid = await webhook.receive(context(), request({ 'x-shopify-topic': 'orders/paid', 'x-shopify-webhook-id': 'wh-3' }));
    expect(paid.events).toMatchObject([{ type: 'commerce.order.paid.v1' }]);
    expect(paid.replayKey).not.toBe(first.replayKey);
    // A topic that publishes nothing keys apart too, so it never shadows a delivery that does.
    const unmapped = await webhook.receive(context(), request({ 'x-shopify-topic': 'orders/updated', 'x-shopify-webhook-id': 'wh-4' }));
    expect(unmapped.events).toEqual([]);
    expect(unmapped.replayKey).not.toBe(first.replayKey);
  });

  it('refuses a delivery triggered more than a day ago, or ahead of our clock, as unauthorized', async () => {
    for (const [triggeredAt, words] of [['2026-12-05T11:59:59Z', /triggered at 2026-12-05T11:59:59.000Z, more than 86400 s ago/], ['2026-12-06T12:10:00Z', /in the future/]] as const) {
      const error = await webhook.receive(context(), request({ 'x-shopify-triggered-at': triggeredAt })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'unauthorized', provider: 'shopify', message: expect.stringMatching(words) });
    }
    // Four hours late (Shopify's last retry) is still taken.
    await expect(webhook.receive(context(), request({ 'x-shopify-triggered-at': '2026-12-06T08:00:00Z' }))).resolves.toMatchObject({ deliveryId: 'shopify-wh-1' });
  });

  it('takes its tolerance from the options', async () => {
    const strict = createShopifyWebhook(noReadBack, { now: () => NOW, maxAgeSeconds: 3600 });
    await expect(strict.receive(context(), request({ 'x-shopify-triggered-at': '2026-12-06T11:00:00Z' }))).resolves.toMatchObject({ deliveryId: 'shopify-wh-1' });
    await expect(strict.receive(context(), request({ 'x-shopify-triggered-at': '2026-12-06T10:59:00Z' }))).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/more than 3600 s ago/) });
  });

  it('needs X-Shopify-Triggered-At as an ISO 8601 time, naming the header', async () => {
    for (const triggeredAt of [undefined, 'yesterday']) {
      const error = await webhook.receive(context(), request({ 'x-shopify-triggered-at': triggeredAt })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ violations: [{ field: 'X-Shopify-Triggered-At' }] });
    }
  });

  it('checks the signature before anything else: a stale delivery with a bad signature is a bad signature', async () => {
    const error = await webhook.receive(context(), request({ 'x-shopify-hmac-sha256': signShopifyWebhook(body, 'other'), 'x-shopify-triggered-at': '2020-01-01T00:00:00Z' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/bad signature/) });
  });
});
