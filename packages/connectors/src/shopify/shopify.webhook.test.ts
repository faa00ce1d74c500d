import { createHmac } from 'node:crypto';
import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseShopifyWebhook, ShopifyWebhookError, signShopifyWebhook, verifyShopifyHmac } from './shopify.webhook.js';

const SECRET = 'shpss_0123456789abcdef';
const body = Buffer.from(JSON.stringify({ admin_graphql_api_id: 'gid://shopify/Order/820982911946154508', id: 820982911946154508, name: '#1001', email: 'kim@example.com', total_price: '10.0', currency: 'EUR', financial_status: 'paid' }));

describe('verifyShopifyHmac', () => {
  it('accepts the base64 HMAC-SHA256 of the raw body with the app secret', () => {
    const header = createHmac('sha256', SECRET).update(body).digest('base64');
    expect(signShopifyWebhook(body, SECRET)).toBe(header);
    expect(verifyShopifyHmac(body, header, SECRET)).toBe(true);
  });

  it('refuses another secret, a changed body, and a missing, truncated, padded or hex header', () => {
    const good = signShopifyWebhook(body, SECRET);
    expect(verifyShopifyHmac(body, signShopifyWebhook(body, 'shpss_other'), SECRET)).toBe(false);
    expect(verifyShopifyHmac(Buffer.concat([body, Buffer.from(' ')]), good, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, undefined, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, good.slice(0, 20), SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, `${good}AA==`, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, createHmac('sha256', SECRET).update(body).digest('hex'), SECRET)).toBe(false);
  });
});

describe('parseShopifyWebhook', () => {
  it('maps orders/create to commerce.order.created.v1 with our order id and normalised money', () => {
    const [event] = parseShopifyWebhook('orders/create', body.toString('utf8'), 'con_abc');
    expect(event).toMatchObject({ type: 'commerce.order.created.v1', payload: { number: '#1001', email: 'kim@example.com', total: { amount: '10.00', currency: 'EUR' } } });
    // The exact id from the GID, not the float JSON.parse makes of the numeric id.
    expect(new EntityIds('con_abc').decode('Order', event?.payload.orderId ?? '')).toBe('820982911946154508');
  });

  it('maps orders/paid to commerce.order.paid.v1 for the same order, stamped on arrival', () => {
    const [created] = parseShopifyWebhook('orders/create', body.toString('utf8'), 'con_abc');
    const [paid] = parseShopifyWebhook('orders/paid', body.toString('utf8'), 'con_abc');
    expect(paid).toMatchObject({ type: 'commerce.order.paid.v1', payload: created?.payload });
    expect(paid?.occurredAt).toBeUndefined();
    expect(() => parseShopifyWebhook('orders/paid', '{"name":"#1"}', 'con_abc')).toThrow(/orders\/paid payload needs admin_graphql_api_id/);
  });

  it('refuses an orders/paid body that does not say paid (an unpaid order\'s orders/create body under another topic)', () => {
    const unpaid = JSON.stringify({ ...JSON.parse(body.toString('utf8')), financial_status: 'pending' });
    expect(parseShopifyWebhook('orders/create', unpaid, 'con_abc')).toHaveLength(1);
    expect(() => parseShopifyWebhook('orders/paid', unpaid, 'con_abc')).toThrow(/orders\/paid payload needs financial_status "paid" \(got "pending"\)/);
  });

  it('acknowledges topics it does not map with no events, and refuses an unreadable orders/create', () => {
    expect(parseShopifyWebhook('products/update', '{}', 'con_abc')).toEqual([]);
    expect(() => parseShopifyWebhook('orders/create', 'not json', 'con_abc')).toThrow(ShopifyWebhookError);
    expect(() => parseShopifyWebhook('orders/create', '{"name":"#1"}', 'con_abc')).toThrow(/admin_graphql_api_id/);
  });
});
