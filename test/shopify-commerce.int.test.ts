import { signShopifyWebhook } from '@bizosaas/connectors';
import type { DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyEmulator } from '../packages/connectors/test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue } from '../packages/connectors/test/emulators/shopify/shopify-emulator.setup.js';
import { connectCommerce, CONNECT_COMMERCE, SHOPIFY_CLIENT_SECRET, shopifyConnectInput } from './support/commerce-connections.js';
import { shape } from './support/json-shape.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CATALOGUE = `{
  products(first: 10) { nodes { id title status source { provider } variants { id sku title price inventory } } }
  orders(first: 10) { nodes { id number email total subtotal financialStatus fulfillmentStatus items { title quantity unitPrice product { id title } } source { provider } } }
}`;

// Tenant acme sells on Shopify (its schema-true emulator), globex on the sandbox shop: the same query
// through the gateway answers the same shape, and acme's CRM contacts join their Shopify orders by email.
describe('the same commerce query for a tenant on Shopify and one on the sandbox', () => {
  let shopify: ShopifyEmulator;
  let t: TestApp;
  let connectionId: string;
  const events: DomainEvent[] = [];
  const responses: string[] = [];
  const gql = async (slug: 'acme' | 'globex', query: string, variables?: Record<string, unknown>) => {
    const result = await t.gql(t.key(slug), query, variables);
    responses.push(JSON.stringify(result));
    return result;
  };

  beforeAll(async () => {
    shopify = await ShopifyEmulator.start();
    seedShopifyCatalogue(shopify);
    t = await startTestApp();
    const connected = await connectCommerce(t, t.key('acme'), shopifyConnectInput(shopify));
    responses.push(JSON.stringify(connected.response));
    connectionId = connected.id;
    await t.app.platform.events.subscribe(async (event) => {
      if (event.source === 'webhook:shopify') events.push(event);
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await shopify?.close();
  });

  it('answers products and orders with the same shape on Shopify and on the sandbox', async () => {
    for (const slug of ['acme', 'globex'] as const) {
      const { data, errors } = await gql(slug, '{ products(first: 1) { nodes { variants { id price inventory } } } }');
      expect(errors).toBeUndefined();
      const variant = data.products.nodes[0].variants.find((v: { inventory: number | null }) => v.inventory !== null);
      const placed = await gql(slug, 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id number } }', {
        input: { email: `orders.${slug}@shape.example`, currency: variant.price.currency, items: [{ variantId: variant.id, quantity: 2 }] },
      });
      expect(placed.errors).toBeUndefined();
    }
    const acme = await gql('acme', CATALOGUE);
    const globex = await gql('globex', CATALOGUE);
    expect(acme.errors).toBeUndefined();
    expect(globex.errors).toBeUndefined();
    expect(acme.data.products.nodes[0]).toMatchObject({ title: 'Trail Runner', status: 'ACTIVE', source: { provider: 'shopify' }, variants: [{ sku: 'TR-42', price: { amount: '89.90', currency: 'EUR' } }, { sku: 'TR-43' }] });
    expect(acme.data.orders.nodes[0]).toMatchObject({ email: 'orders.acme@shape.example', total: { amount: '179.80', currency: 'EUR' }, financialStatus: 'PENDING', source: { provider: 'shopify' }, items: [{ quantity: 2, product: { title: 'Trail Runner' } }] });
    expect(globex.data.products.nodes[0].source.provider).toBe('sandbox');
    expect(shape(acme.data)).toEqual(shape(globex.data));
    shopify.assertAllValid();
  });

  it('joins Contact.orders from the CRM to Shopify by email', async () => {
    const contacts = await gql('acme', '{ contacts(first: 1) { nodes { id email } } }');
    const email: string = contacts.data.contacts.nodes[0].email;
    const { data } = await gql('acme', '{ products(first: 1) { nodes { variants { id } } } }');
    const placed = await gql('acme', 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { number } }', {
      input: { email: email.toUpperCase(), currency: 'EUR', items: [{ variantId: data.products.nodes[0].variants[1].id, quantity: 1 }] },
    });
    expect(placed.errors).toBeUndefined();
    const joined = await gql('acme', '{ contacts(first: 1) { nodes { email source { provider } orders { number total source { provider } } } } }');
    expect(joined.errors).toBeUndefined();
    const contact = joined.data.contacts.nodes[0];
    expect(contact.email).toBe(email);
    expect(contact.orders).toEqual([{ number: placed.data.createOrder.number, total: { amount: '89.90', currency: 'EUR' }, source: { provider: 'shopify' } }]);
    shopify.assertAllValid();
  });

  it('webhooks: bad signature 401, stale Triggered-At refused, a repeated delivery or its body under a new id publishes one event', async () => {
    const url = t.webhookUrl(connectionId);
    const body = JSON.stringify({ id: 820982911946154508, admin_graphql_api_id: 'gid://shopify/Order/820982911946154508', name: '#9999', email: 'hook@shape.example', total_price: '403.00', currency: 'EUR', created_at: '2026-12-06T05:00:00Z' });
    const post = (signature: string, webhookId: string, triggeredAt = new Date().toISOString()) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'orders/create',
          'x-shopify-hmac-sha256': signature,
          'x-shopify-shop-domain': shopify.shopDomain,
          'x-shopify-webhook-id': webhookId,
          'x-shopify-triggered-at': triggeredAt,
        },
        body,
      });
    const signature = signShopifyWebhook(body, SHOPIFY_CLIENT_SECRET);
    expect((await post(signShopifyWebhook(body, 'shpss_someone_elses_secret'), 'b54557e4-bad')).status).toBe(401);
    // Correctly signed but triggered 25 hours ago: not a delivery Shopify is still retrying.
    const stale = await post(signature, 'b54557e4-stale', new Date(Date.now() - 25 * 3600_000).toISOString());
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: expect.stringMatching(/^The Shopify webhook was refused \(triggered at .*, more than 86400 s ago/) });
    expect((await post(signature, 'b54557e4-future', new Date(Date.now() + 3600_000).toISOString())).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);

    const first = await post(signature, 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    expect(first.status).toBe(202);
    // Shopify's retry: the same webhook id.
    const again = await post(signature, 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 0, duplicate: true });
    // A capture re-sent under a new webhook id (unsigned) with a fresh trigger time (unsigned too).
    const renamed = await post(signature, 'c0ffee00-0000-4000-8000-000000000001');
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({ received: 0, duplicate: true });
    await expect.poll(() => events.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'commerce.order.created.v1', tenantId: t.tenantId('acme'), correlationId: 'shopify-b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', payload: { number: '#9999', email: 'hook@shape.example', total: { amount: '403.00', currency: 'EUR' } } });
  });

  it('lists Shopify in the catalogue with its fields, and refuses a shop domain that is not <shop>.myshopify.com', async () => {
    const catalogue = await gql('acme', '{ connectors(port: COMMERCE) { provider authKind settingsFields { name required } credentialFields { name secret } } }');
    expect(catalogue.data.connectors).toContainEqual({
      provider: 'shopify',
      authKind: 'API_KEY',
      settingsFields: [{ name: 'shopDomain', required: true }],
      credentialFields: [{ name: 'accessToken', secret: true }, { name: 'clientSecret', secret: true }],
    });
    const refused = await gql('globex', CONNECT_COMMERCE, { provider: 'shopify', settings: { shopDomain: 'shop.example.com' }, credentials: { accessToken: shopify.accessToken } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('settings.shopDomain');
    const still = await gql('globex', '{ products(first: 1) { nodes { source { provider } } } }');
    expect(still.data.products.nodes[0].source.provider).toBe('sandbox');
  });

  it('never puts the access token or the app secret in a GraphQL response', () => {
    const everything = responses.join('\n');
    expect(responses.length).toBeGreaterThan(5);
    expect(everything.includes(shopify.accessToken)).toBe(false);
    expect(everything.includes(SHOPIFY_CLIENT_SECRET)).toBe(false);
  });
});
