import { signWooCommerceWebhook } from '@bizosaas/connectors';
import type { DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WooCommerceEmulator } from '../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.js';
import { seededWooCommerce, WEBHOOK_SECRET } from '../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.setup.js';
import { connectCommerce, CONNECT_COMMERCE, wooCommerceConnectInput } from './support/commerce-connections.js';
import { shape } from './support/json-shape.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PRODUCTS = '{ products(first: 10) { nodes { id title status description variants { id sku title price inventory } source { provider } } } }';
const ORDERS = '{ orders(first: 10) { totalCount nodes { id number email total subtotal financialStatus fulfillmentStatus items { title quantity unitPrice total } source { provider } } } }';

// A tenant on WooCommerce (its emulator) next to one on the sandbox shop, through the whole product:
// connect, the same queries with the same shapes, a provider 400 as a request error, webhooks.
describe('a tenant on WooCommerce through the gateway', () => {
  let woo: WooCommerceEmulator;
  let t: TestApp;
  let connectionId = '';
  const events: DomainEvent[] = [];
  const webhookUrl = () => t.webhookUrl(connectionId);

  beforeAll(async () => {
    woo = await seededWooCommerce();
    t = await startTestApp();
    await t.app.platform.events.subscribe(async (event) => {
      if (event.source === 'webhook:woocommerce') events.push(event);
    });
    connectionId = (await connectCommerce(t, t.key('acme'), wooCommerceConnectInput(woo))).id;
  });
  afterAll(async () => {
    await t?.close();
    await woo?.close();
  });

  it('is in the connector catalogue with its settings and write-only credentials', async () => {
    const result = await t.gql(t.key('acme'), '{ connectors(port: COMMERCE) { provider settingsFields { name } credentialFields { name secret required } } }');
    const entry = result.data.connectors.find((c: { provider: string }) => c.provider === 'woocommerce');
    expect(entry.settingsFields.map((f: { name: string }) => f.name)).toEqual(['siteUrl']);
    expect(entry.credentialFields).toEqual([
      { name: 'consumerKey', secret: true, required: true },
      { name: 'consumerSecret', secret: true, required: true },
      { name: 'webhookSecret', secret: true, required: false },
    ]);
  });

  it('refuses a wrong consumer secret at connect, naming credentials, and keeps the live connection', async () => {
    const refused = await t.gql(t.key('acme'), CONNECT_COMMERCE, { provider: 'woocommerce', settings: { siteUrl: woo.url }, credentials: { consumerKey: woo.consumerKey, consumerSecret: 'cs_0000000000000000000000000000000000000000' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    expect(JSON.stringify(refused)).not.toContain('cs_0000000000000000000000000000000000000000');
    const active = await t.app.platform.connections.getActive(t.tenantId('acme'), 'commerce');
    expect(active?.id).toBe(connectionId);
  });

  it('answers the same products and orders queries as a sandbox tenant, with the same shape', async () => {
    const [wooProducts, sandboxProducts] = await Promise.all([t.gql(t.key('acme'), PRODUCTS), t.gql(t.key('globex'), PRODUCTS)]);
    expect(wooProducts.errors).toBeUndefined();
    expect(sandboxProducts.errors).toBeUndefined();
    expect(wooProducts.data.products.nodes.map((p: { title: string }) => p.title)).toEqual(['Espresso beans 1 kg', 'Barista apron', 'Gift card', 'Cold brew kit']);
    expect(shape(wooProducts.data.products.nodes[0])).toEqual(shape(sandboxProducts.data.products.nodes[0]));

    const beans = wooProducts.data.products.nodes[0].variants[0];
    const placed = await t.gql(t.key('acme'), 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { number total } }', { input: { email: 'ines.meyer@example.org', currency: 'EUR', items: [{ variantId: beans.id, quantity: 2 }] } });
    expect(placed.errors).toBeUndefined();
    expect(placed.data.createOrder.total).toEqual({ amount: '49.80', currency: 'EUR' });
    // WooCommerce took the two bags out of stock when the order went on-hold.
    expect([...woo.store.products.values()].find((p) => p.name === 'Espresso beans 1 kg')?.stock_quantity).toBe(38);

    const [wooOrders, sandboxOrders] = await Promise.all([t.gql(t.key('acme'), ORDERS), t.gql(t.key('globex'), ORDERS)]);
    expect(wooOrders.errors).toBeUndefined();
    expect(wooOrders.data.orders.nodes[0]).toMatchObject({ email: 'ines.meyer@example.org', financialStatus: 'PENDING', source: { provider: 'woocommerce' } });
    expect(shape(wooOrders.data.orders.nodes[0])).toEqual(shape(sandboxOrders.data.orders.nodes[0]));
  });

  it('surfaces a WooCommerce 400 as a request error with its message, not as "reconnect"', async () => {
    woo.failNext({ path: /^GET \/orders$/, status: 400, body: { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page', data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } } } });
    const result = await t.gql(t.key('acme'), ORDERS);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', provider: 'woocommerce' });
    expect(result.errors?.[0]?.message).toContain('per_page must be between 1');
    expect(result.errors?.[0]?.message).not.toMatch(/reconnect/i);
    expect((await t.app.platform.connections.getActive(t.tenantId('acme'), 'commerce'))?.status).toBe('active');
  });

  it('webhooks: a bad signature is 401 and publishes nothing; a repeated delivery, or its body under a new delivery id, publishes one event', async () => {
    const body = JSON.stringify({ id: 9001, number: '9001', status: 'processing', currency: 'EUR', total: '24.90', customer_id: 0, billing: { email: 'tom.okafor@example.org' }, line_items: [], date_created_gmt: '2026-01-05T10:00:00' });
    const post = (signature: string | undefined, delivery: string) =>
      fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': delivery, ...(signature !== undefined && { 'x-wc-webhook-signature': signature }) },
        body,
      });
    expect((await post(signWooCommerceWebhook('not-the-webhook-secret', body), 'delivery-bad')).status).toBe(401);
    expect((await post(undefined, 'delivery-unsigned')).status).toBe(401);

    const signature = signWooCommerceWebhook(WEBHOOK_SECRET, body);
    expect((await post(signature, 'delivery-1')).status).toBe(202);
    const again = await post(signature, 'delivery-1');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 0, duplicate: true });
    // The delivery id is not signed: the same signed body under a new one is a replay, and publishes nothing.
    const renamed = await post(signature, 'delivery-2');
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({ received: 0, duplicate: true });
    await expect.poll(() => events.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'commerce.order.created.v1', tenantId: t.tenantId('acme'), correlationId: 'delivery-1', payload: { number: '#9001', email: 'tom.okafor@example.org', total: { amount: '24.90', currency: 'EUR' } } });
  });
});
