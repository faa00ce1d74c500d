import { ConnectorError, EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { decodeToGid, fromGid, nodesOfType, shopifyMoney, toCustomer, toOrder, toProduct } from './shopify.mapping.js';
import { shopifyCustomerSchema, shopifyOrderSchema, shopifyProductSchema } from './shopify.schemas.js';

// Payloads in the shape the 2026-10 Admin API answers the connector's fragments (values from Shopify's docs examples).
const product = shopifyProductSchema.parse({
  id: 'gid://shopify/Product/108828309',
  title: 'Draft',
  description: '',
  status: 'UNLISTED',
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-02T10:00:00Z',
  variants: {
    nodes: [
      { id: 'gid://shopify/ProductVariant/43729076', title: 'Small', sku: '', price: '10.0', inventoryQuantity: -3, inventoryItem: { id: 'gid://shopify/InventoryItem/1', tracked: true } },
      { id: 'gid://shopify/ProductVariant/43729077', title: 'Gift', sku: 'G-1', price: '5', inventoryQuantity: 0, inventoryItem: { id: 'gid://shopify/InventoryItem/2', tracked: false } },
    ],
    pageInfo: { hasNextPage: false },
  },
});
const bag = (amount: string) => ({ shopMoney: { amount, currencyCode: 'CAD' } });
const order = shopifyOrderSchema.parse({
  id: 'gid://shopify/Order/148977776',
  name: '#1001',
  email: 'bob.norman@mail.example.com',
  createdAt: '2026-11-03T10:00:00Z',
  updatedAt: '2026-11-03T10:00:00Z',
  cancelledAt: null,
  customer: { id: 'gid://shopify/Customer/207119551' },
  displayFinancialStatus: 'PARTIALLY_REFUNDED',
  displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
  subtotalPriceSet: bag('597.0'),
  totalPriceSet: bag('598.94'),
  lineItems: {
    nodes: [
      { title: 'IPod Nano', quantity: 3, variant: { id: 'gid://shopify/ProductVariant/49148385' }, product: { id: 'gid://shopify/Product/632910392' }, originalUnitPriceSet: bag('199.0'), originalTotalSet: bag('597.0') },
      { title: 'Custom engraving', quantity: 1, variant: null, product: null, originalUnitPriceSet: bag('0.0'), originalTotalSet: bag('0.0') },
    ],
    pageInfo: { hasNextPage: false },
  },
});

describe('Shopify mapping', () => {
  const ids = new EntityIds('con_shop');

  it('maps a product: numeric external ids, prices in the shop currency with two decimals, untracked stock null, negative stock 0', () => {
    const mapped = toProduct(ids, 'con_shop', product, 'CAD');
    expect(mapped).toMatchObject({ externalId: '108828309', title: 'Draft', description: null, status: 'active', source: { provider: 'shopify', connectionId: 'con_shop' } });
    expect(mapped.variants).toEqual([
      { id: ids.encode('ProductVariant', '43729076'), sku: null, title: 'Small', price: { amount: '10.00', currency: 'CAD' }, inventory: 0 },
      { id: ids.encode('ProductVariant', '43729077'), sku: 'G-1', title: 'Gift', price: { amount: '5.00', currency: 'CAD' }, inventory: null },
    ]);
    expect(decodeToGid(ids, 'Product', mapped.id)).toBe('gid://shopify/Product/108828309');
  });

  it('maps an order: statuses, shop money, customer id, and a custom line item with empty ids', () => {
    const mapped = toOrder(ids, 'con_shop', order);
    expect(mapped).toMatchObject({
      number: '#1001',
      email: 'bob.norman@mail.example.com',
      customerId: ids.encode('Customer', '207119551'),
      subtotal: { amount: '597.00', currency: 'CAD' },
      total: { amount: '598.94', currency: 'CAD' },
      financialStatus: 'paid',
      fulfillmentStatus: 'partial',
    });
    expect(mapped.items[0]).toEqual({ productId: ids.encode('Product', '632910392'), variantId: ids.encode('ProductVariant', '49148385'), title: 'IPod Nano', quantity: 3, unitPrice: { amount: '199.00', currency: 'CAD' }, total: { amount: '597.00', currency: 'CAD' } });
    expect(mapped.items[1]).toMatchObject({ productId: '', variantId: '', title: 'Custom engraving' });
    expect(toOrder(ids, 'con_shop', { ...order, cancelledAt: '2026-11-04T00:00:00Z' }).fulfillmentStatus).toBe('cancelled');
  });

  it('maps a customer from the 2026-10 default email and phone fields', () => {
    const raw = shopifyCustomerSchema.parse({ id: 'gid://shopify/Customer/1', firstName: 'Bob', lastName: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', defaultEmailAddress: { emailAddress: 'bob@example.com' }, defaultPhoneNumber: null });
    expect(toCustomer(ids, 'con_shop', raw)).toMatchObject({ externalId: '1', email: 'bob@example.com', firstName: 'Bob', lastName: null, phone: null });
  });

  it('refuses ids and amounts Shopify never sends, as invalid_response', () => {
    expect(() => fromGid('Order', 'gid://shopify/Product/1')).toThrow(ConnectorError);
    expect(() => shopifyMoney('1e3', 'EUR')).toThrow(/amount/);
    expect(decodeToGid(ids, 'Product', ids.encode('Product', 'abc'))).toBeUndefined();
    expect(decodeToGid(new EntityIds('con_other'), 'Product', ids.encode('Product', '1'))).toBeUndefined();
  });

  it('keeps nodes of the asked type, null for others, and refuses a malformed one of that type', () => {
    const nodes = [{ __typename: 'Product', ...product }, { __typename: 'Order', id: 'x' }, null];
    expect(nodesOfType(nodes, 'Product', shopifyProductSchema).map((n) => n?.id ?? null)).toEqual([product.id, null, null]);
    expect(() => nodesOfType([{ __typename: 'Product', id: 1 }], 'Product', shopifyProductSchema)).toThrow(/invalid|does not allow/);
  });
});
