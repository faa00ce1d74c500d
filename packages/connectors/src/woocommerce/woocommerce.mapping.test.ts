import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { customerFromWoo, gmtDate, orderFromWoo, parseVariantExternalId, productFromWoo, wooDecimal } from './woocommerce.mapping.js';
import { wooCustomerSchema, wooOrderSchema, wooProductSchema, wooVariationSchema } from './woocommerce.schemas.js';

const ids = new EntityIds('conn-woo');
// Shapes as the wc/v3 reference documents them (fields we do not read trimmed).
const simple = wooProductSchema.parse({
  id: 794, name: 'Premium Quality', type: 'simple', status: 'publish', description: '<p>Pellentesque habitant.</p>', short_description: '', sku: '',
  price: '21.99', regular_price: '21.99', manage_stock: true, stock_quantity: -2, variations: [], date_created_gmt: '2017-03-23T20:01:14', date_modified_gmt: '2017-03-23T20:01:14',
});
const variable = wooProductSchema.parse({ id: 799, name: 'Ship Your Idea', type: 'variable', status: 'private', description: '', short_description: 'Tee', sku: '', price: '', regular_price: '', manage_stock: true, stock_quantity: 7, variations: [732, 733], date_created_gmt: '2017-03-23T20:03:12', date_modified_gmt: null });
const variations = [
  wooVariationSchema.parse({ id: 732, sku: '', price: '9', regular_price: '9', manage_stock: 'parent', stock_quantity: null, attributes: [{ id: 6, name: 'Color', option: 'Black' }] }),
  wooVariationSchema.parse({ id: 733, sku: 'TEE-G', price: '9.50', regular_price: '9.50', manage_stock: false, stock_quantity: null, attributes: [] }),
];
const order = wooOrderSchema.parse({
  id: 727, number: '727', status: 'processing', currency: 'usd', total: '29.35', customer_id: 0,
  billing: { first_name: 'John', last_name: 'Doe', email: 'john.doe@example.com', phone: '(555) 555-5555' },
  line_items: [
    { id: 315, name: 'Woo Single #1', product_id: 93, variation_id: 0, quantity: 2, subtotal: '6.00', total: '6.00', price: 3, sku: '' },
    { id: 316, name: 'Ship Your Idea - Black, L', product_id: 22, variation_id: 23, quantity: 1, subtotal: '12.00', total: '12.00', price: 12, sku: '' },
  ],
  date_created_gmt: '2017-03-22T16:28:02', date_modified_gmt: '2017-03-22T16:28:08',
});

describe('WooCommerce mapping', () => {
  it('writes amounts in one normal form: at least two, at most four decimals', () => {
    expect(['21.99', '21', '9.5', '', 3, 19.99, '0.1000', '-4.25'].map((v) => wooDecimal(v))).toEqual(['21.99', '21.00', '9.50', '0.00', '3.00', '19.99', '0.10', '-4.25']);
    expect(() => wooDecimal('12.34567')).toThrow(/at most 4 places/);
    expect(() => wooDecimal('abc')).toThrow();
  });

  it('reads GMT timestamps without a zone as UTC', () => {
    expect(gmtDate('2017-03-22T16:28:02').toISOString()).toBe('2017-03-22T16:28:02.000Z');
    expect(gmtDate(null, new Date(5)).getTime()).toBe(5);
  });

  it('maps a simple product as its own variant, backordered stock as 0', () => {
    const product = productFromWoo(simple, [], ids, 'EUR');
    expect(product).toMatchObject({ externalId: '794', title: 'Premium Quality', status: 'active', description: '<p>Pellentesque habitant.</p>', source: { provider: 'woocommerce', connectionId: 'conn-woo' } });
    expect(product.variants).toEqual([{ id: ids.encode('ProductVariant', '794'), sku: null, title: 'Premium Quality', price: { amount: '21.99', currency: 'EUR' }, inventory: 0 }]);
  });

  it('maps a variable product\'s variations: parent-managed stock, untracked stock, titles from options', () => {
    const product = productFromWoo(variable, variations, ids, 'USD');
    expect(product.status).toBe('draft');
    expect(product.description).toBe('Tee');
    expect(product.updatedAt).toEqual(product.createdAt);
    expect(product.variants.map((v) => [v.title, v.price.amount, v.inventory, v.sku])).toEqual([
      ['Black', '9.00', 7, null],
      ['Ship Your Idea #733', '9.50', null, 'TEE-G'],
    ]);
    expect(parseVariantExternalId(ids.decode('ProductVariant', product.variants[0]?.id ?? '') ?? '')).toEqual({ productId: 799, variationId: 732 });
  });

  it('maps an order: lines, exact subtotal, status, guest without customer, currency upper-cased', () => {
    const mapped = orderFromWoo(order, ids);
    expect(mapped).toMatchObject({ number: '#727', email: 'john.doe@example.com', customerId: null, financialStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
    expect(mapped.subtotal).toEqual({ amount: '18.00', currency: 'USD' });
    expect(mapped.total).toEqual({ amount: '29.35', currency: 'USD' });
    expect(mapped.items[0]).toEqual({ productId: ids.encode('Product', '93'), variantId: ids.encode('ProductVariant', '93'), title: 'Woo Single #1', quantity: 2, unitPrice: { amount: '3.00', currency: 'USD' }, total: { amount: '6.00', currency: 'USD' } });
    expect(mapped.items[1]?.variantId).toBe(ids.encode('ProductVariant', '22.23'));
    expect(orderFromWoo({ ...order, status: 'on-hold', customer_id: 4 }, ids)).toMatchObject({ financialStatus: 'pending', customerId: ids.encode('Customer', '4') });
    expect(orderFromWoo({ ...order, status: 'some-plugin-status' }, ids)).toMatchObject({ financialStatus: 'pending', fulfillmentStatus: 'unfulfilled' });
    expect(orderFromWoo({ ...order, status: 'completed' }, ids).fulfillmentStatus).toBe('fulfilled');
  });

  it('maps a customer, blank names as null', () => {
    const customer = wooCustomerSchema.parse({ id: 25, email: 'john.doe@example.com', first_name: 'John', last_name: '', billing: { phone: '' }, date_created_gmt: '2017-03-21T19:30:01' });
    expect(customerFromWoo(customer, ids)).toMatchObject({ externalId: '25', email: 'john.doe@example.com', firstName: 'John', lastName: null, phone: null });
  });
});
