import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { customerFromRow, orderFromRow, productFromRow } from './sandbox-commerce.mapping.js';
import { parseCustomerRow, parseOrderRow, parseProductRow } from './sandbox-commerce.rows.js';

const ids = new EntityIds('conn-1');
const created = new Date('2024-03-01T10:00:00.000Z');
const updated = '2024-03-02T11:30:00.000Z';

// Rows as the drivers hand them over: pg gives bigint as a string, PGlite as a number; jsonb arrives parsed.
const productRow = {
  dataset: 'demo', id: 'pr_03', seq: '3', title: 'Deep groove ball bearing 6205', description: null, status: 'active', created_at: created, updated_at: updated,
  variants: [
    { id: 'va_005', sku: 'GX-BRG-6205', title: 'Open', price_amount: '7.85', currency: 'USD', inventory: 1200 },
    { id: 'va_006', sku: null, title: 'Sealed (2RS)', price_amount: '9.40', currency: 'USD', inventory: 0 },
  ],
};
const orderRow = {
  dataset: 'demo', id: 'or_0001', seq: 1, number: '#1001', customer_id: 'cu_002', email: 'linda.reed@sierra-packaging.example', currency: 'USD',
  subtotal_amount: '34.90', total_amount: '34.90', financial_status: 'paid', fulfillment_status: 'partial', created_at: created, updated_at: created,
  items: [{ id: 'oi_00001', product_id: 'pr_03', variant_id: 'va_005', title: 'Bearing – Open', quantity: 2, unit_price_amount: '7.85', total_amount: '15.70', currency: 'USD' },
    { id: 'oi_00002', product_id: 'pr_03', variant_id: 'va_006', title: 'Bearing – Sealed', quantity: 2, unit_price_amount: '9.60', total_amount: '19.20', currency: 'USD' }],
};

describe('sandbox commerce mapping', () => {
  it('maps a product row with its variants, price strings kept exactly and ids scoped to the connection', () => {
    const product = productFromRow(parseProductRow(productRow), ids);
    expect(product).toMatchObject({ externalId: 'pr_03', title: 'Deep groove ball bearing 6205', description: null, status: 'active', source: { provider: 'sandbox', connectionId: 'conn-1' } });
    expect(product.updatedAt).toEqual(new Date(updated));
    expect(product.variants.map((v) => [ids.decode('ProductVariant', v.id), v.sku, v.title, v.price, v.inventory])).toEqual([
      ['va_005', 'GX-BRG-6205', 'Open', { amount: '7.85', currency: 'USD' }, 1200],
      ['va_006', null, 'Sealed (2RS)', { amount: '9.40', currency: 'USD' }, 0],
    ]);
    expect(ids.decode('Product', product.id)).toBe('pr_03');
    expect(new EntityIds('conn-2').decode('Product', product.id)).toBeUndefined();
  });

  it('maps an order row with items, totals and references as canonical ids', () => {
    const order = orderFromRow(parseOrderRow(orderRow), ids);
    expect(order).toMatchObject({
      number: '#1001', email: 'linda.reed@sierra-packaging.example', financialStatus: 'paid', fulfillmentStatus: 'partial',
      subtotal: { amount: '34.90', currency: 'USD' }, total: { amount: '34.90', currency: 'USD' },
    });
    expect(ids.decode('Customer', order.customerId ?? '')).toBe('cu_002');
    expect(order.items[1]).toEqual({
      productId: ids.encode('Product', 'pr_03'), variantId: ids.encode('ProductVariant', 'va_006'), title: 'Bearing – Sealed', quantity: 2,
      unitPrice: { amount: '9.60', currency: 'USD' }, total: { amount: '19.20', currency: 'USD' },
    });
    expect(orderFromRow(parseOrderRow({ ...orderRow, customer_id: null, email: null }), ids)).toMatchObject({ customerId: null, email: null });
  });

  it('maps a customer row field by field', () => {
    const customer = customerFromRow(parseCustomerRow({ dataset: 'demo', id: 'cu_002', seq: 2n, email: 'a@b.example', first_name: 'Ann', last_name: null, phone: '+1 312 555 0101', created_at: created, updated_at: created }), ids);
    expect(customer).toMatchObject({ externalId: 'cu_002', email: 'a@b.example', firstName: 'Ann', lastName: null, phone: '+1 312 555 0101' });
    expect(ids.decode('Customer', customer.id)).toBe('cu_002');
  });

  it('rejects malformed rows with a ConnectorError naming the fields: negative stock, unknown status, zero quantity', () => {
    const badVariant = { ...productRow, variants: [{ ...productRow.variants[0], inventory: -1 }] };
    expect(() => parseProductRow(badVariant)).toThrow(expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('variants.0.inventory') }));
    expect(() => parseOrderRow({ ...orderRow, financial_status: 'lost' })).toThrow(expect.objectContaining({ message: expect.stringContaining('financial_status') }));
    expect(() => parseOrderRow({ ...orderRow, items: [{ ...orderRow.items[0], quantity: 0 }] })).toThrow(expect.objectContaining({ message: expect.stringContaining('items.0.quantity') }));
  });
});
