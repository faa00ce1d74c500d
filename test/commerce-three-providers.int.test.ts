import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyEmulator } from '../packages/connectors/test/emulators/shopify/shopify-emulator.js';
import { seedShopifyCatalogue } from '../packages/connectors/test/emulators/shopify/shopify-emulator.setup.js';
import type { WooCommerceEmulator } from '../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.js';
import { seededWooCommerce } from '../packages/connectors/test/emulators/woocommerce/woocommerce-emulator.setup.js';
import { connectCommerce, shopifyConnectInput, wooCommerceConnectInput } from './support/commerce-connections.js';
import { shape } from './support/json-shape.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ORDER_FIELDS = 'id number email total subtotal financialStatus items { title quantity unitPrice total } source { provider }';
const CATALOGUE = `query($placed: ID!) {
  products(first: 5) { nodes { id externalId title status source { provider } variants { id title price } } }
  orders(first: 5) { nodes { ${ORDER_FIELDS} } }
  order(id: $placed) { ${ORDER_FIELDS} }
}`;
const CONNECT_SANDBOX = 'mutation($port: Port!, $settings: JSON!, $credentials: JSON!) { connect(port: $port, provider: "sandbox", settings: $settings, credentials: $credentials) { provider status } }';
const PLACE_ORDER = 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id number total source { provider } } }';
/** The same buyer shops at all three tenants' shops and is a contact in all three CRMs. */
const BUYER = 'pat.three-shops@buyer.example';

type Provider = 'shopify' | 'woocommerce' | 'sandbox';
interface Shop {
  readonly provider: Provider;
  key: string;
  /** The order this test placed in the tenant's shop for BUYER. */
  placed?: { id: string; number: string; total: { amount: string; currency: string } };
}

// The product's promise for commerce: three tenants, one on Shopify (the emulator that validates every query
// against Shopify's Admin schema), one on WooCommerce (its emulator), one on the sandbox shop, send the same
// query document through the gateway and get the same shape back; and a CRM contact joins to the orders of
// its own tenant's shop by email, even when the same email buys at the other two.
describe('the same commerce queries for tenants on Shopify, WooCommerce and the sandbox', () => {
  let shopify: ShopifyEmulator;
  let woo: WooCommerceEmulator;
  let t: TestApp;
  const shops: Shop[] = [
    { provider: 'shopify', key: '' },
    { provider: 'woocommerce', key: '' },
    { provider: 'sandbox', key: '' },
  ];

  beforeAll(async () => {
    shopify = await ShopifyEmulator.start();
    seedShopifyCatalogue(shopify);
    woo = await seededWooCommerce();
    t = await startTestApp();
    // acme sells on Shopify, globex on WooCommerce (both keep their sandbox CRMs); initech is a new tenant
    // on the sandbox CRM and shop, connected the way an admin would.
    shops[0]!.key = t.key('acme');
    await connectCommerce(t, shops[0]!.key, shopifyConnectInput(shopify));
    shops[1]!.key = t.key('globex');
    await connectCommerce(t, shops[1]!.key, wooCommerceConnectInput(woo));
    const initech = await t.app.platform.tenants.create({ slug: 'initech', name: 'Initech' });
    shops[2]!.key = (await t.app.platform.apiKeys.create({ tenantId: initech.id, name: 'test', roles: ['admin'] })).key;
    for (const port of ['CRM', 'COMMERCE']) {
      const connected = await t.gql(shops[2]!.key, CONNECT_SANDBOX, { port, settings: { dataset: 'initech-shop', profile: 'acme' }, credentials: { apiKey: 'sandbox_initech_0123456789abcdef' } });
      expect(connected.errors).toBeUndefined();
      expect(connected.data.connect).toEqual({ provider: 'sandbox', status: 'ACTIVE' });
    }

    // Each tenant: BUYER becomes a CRM contact and orders one unit of a stocked variant from the tenant's shop.
    for (const shop of shops) {
      const contact = await t.gql(shop.key, 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { email: BUYER, firstName: 'Pat', lastName: shop.provider } });
      expect(contact.errors).toBeUndefined();
      const products = await t.gql(shop.key, '{ products(first: 10) { nodes { status variants { id price inventory } } } }');
      expect(products.errors).toBeUndefined();
      const variant = products.data.products.nodes
        .filter((p: { status: string }) => p.status === 'ACTIVE')
        .flatMap((p: { variants: { id: string; price: { currency: string }; inventory: number | null }[] }) => p.variants)
        .find((v: { inventory: number | null }) => v.inventory !== null && v.inventory > 0);
      expect(variant, `a stocked variant in the ${shop.provider} shop`).toBeDefined();
      const placed = await t.gql(shop.key, PLACE_ORDER, { input: { email: BUYER, currency: variant.price.currency, items: [{ variantId: variant.id, quantity: 1 }] } });
      expect(placed.errors).toBeUndefined();
      expect(placed.data.createOrder.source.provider).toBe(shop.provider);
      shop.placed = placed.data.createOrder;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await shopify?.close();
    await woo?.close();
  });

  it('answers the same products and orders document with the same shape, each tenant from its own shop', async () => {
    const answers = await Promise.all(shops.map((shop) => t.gql(shop.key, CATALOGUE, { placed: shop.placed!.id })));
    for (const [index, answer] of answers.entries()) {
      const { provider } = shops[index]!;
      expect(answer.errors, provider).toBeUndefined();
      expect(answer.data.products.nodes.length, provider).toBeGreaterThan(0);
      expect(answer.data.orders.nodes.length, provider).toBeGreaterThan(0);
      // Every record comes from the tenant's own provider: nothing leaks across tenants or falls back.
      const providers = [...answer.data.products.nodes, ...answer.data.orders.nodes, answer.data.order].map((n: { source: { provider: string } }) => n.source.provider);
      expect(new Set(providers), provider).toEqual(new Set([provider]));
      expect(answer.data.order, provider).toMatchObject({ id: shops[index]!.placed!.id, email: BUYER, total: shops[index]!.placed!.total, items: [{ quantity: 1 }] });
    }
    const [onShopify, onWoo, onSandbox] = answers.map((a) => a.data);
    expect(onShopify.products.nodes[0]).toMatchObject({ title: 'Trail Runner', status: 'ACTIVE' });
    expect(onWoo.products.nodes[0]).toMatchObject({ title: 'Espresso beans 1 kg', status: 'ACTIVE' });
    // Same keys and the same JSON type at every leaf, for the whole answer (lists compare their first item).
    expect(shape(onWoo)).toEqual(shape(onShopify));
    expect(shape(onSandbox)).toEqual(shape(onShopify));
    // The ids are opaque and per connection: no tenant can address another's records.
    const ids = answers.flatMap((a) => a.data.orders.nodes.map((o: { id: string }) => o.id));
    expect(new Set(ids).size).toBe(ids.length);
    shopify.assertAllValid();
  });

  it('joins Contact.orders by email within each tenant: the same buyer sees only its own shop\'s order', async () => {
    for (const shop of shops) {
      const joined = await t.gql(shop.key, '{ contacts(first: 1, filter: { email: "PAT.three-shops@buyer.example" }) { nodes { email source { provider } orders { id number total source { provider } } } } }');
      expect(joined.errors, shop.provider).toBeUndefined();
      const [contact] = joined.data.contacts.nodes;
      expect(contact, shop.provider).toMatchObject({ email: BUYER, source: { provider: 'sandbox' } });
      expect(contact.orders, shop.provider).toEqual([{ id: shop.placed!.id, number: shop.placed!.number, total: shop.placed!.total, source: { provider: shop.provider } }]);
    }
    // Three different orders (a Shopify, a WooCommerce and a sandbox number), not one order seen three times.
    expect(new Set(shops.map((shop) => shop.placed!.id)).size).toBe(3);
    shopify.assertAllValid();
  });
});
