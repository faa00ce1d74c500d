import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { invoiceFromRow, subscriptionFromRow } from './sandbox-billing.mapping.js';
import { parseInvoiceRow, parseSubscriptionRow } from './sandbox-billing.rows.js';

const ids = new EntityIds('conn-1');
const created = new Date('2024-03-01T10:00:00.000Z');

// Rows as the drivers hand them over: pg gives bigint as a string, PGlite as a number.
const invoiceRow = {
  dataset: 'demo', id: 'in_0007', seq: '7', number: 'AC-2024-0007', customer_email: 'anna.berger@kestrel-freight.example', status: 'open',
  currency: 'EUR', total: '1650.00', amount_due: '1650.00', due_date: '2024-03-15T10:00:00.000Z', created_at: created, updated_at: created,
};
const subscriptionRow = {
  dataset: 'demo', id: 'sub_003', seq: 3, customer_email: 'anna.berger@kestrel-freight.example', status: 'active', plan_name: 'Analytics add-on',
  price: '119.90', currency: 'EUR', interval: 'month', current_period_end: created, cancel_at_period_end: true, created_at: created, updated_at: created,
};

describe('sandbox billing mapping', () => {
  it('maps an invoice row: money strings kept exactly, one currency for total and amount due, connection-scoped id', () => {
    const invoice = invoiceFromRow(parseInvoiceRow(invoiceRow), ids);
    expect(invoice).toMatchObject({
      externalId: 'in_0007', number: 'AC-2024-0007', customerEmail: 'anna.berger@kestrel-freight.example', status: 'open',
      total: { amount: '1650.00', currency: 'EUR' }, amountDue: { amount: '1650.00', currency: 'EUR' }, source: { provider: 'sandbox', connectionId: 'conn-1' },
    });
    expect(invoice.dueDate?.toISOString()).toBe('2024-03-15T10:00:00.000Z');
    expect(ids.decode('Invoice', invoice.id)).toBe('in_0007');
    expect(new EntityIds('conn-2').decode('Invoice', invoice.id)).toBeUndefined();
    expect(invoiceFromRow(parseInvoiceRow({ ...invoiceRow, number: null, due_date: null }), ids)).toMatchObject({ number: null, dueDate: null });
  });

  it('maps a subscription row field by field', () => {
    const subscription = subscriptionFromRow(parseSubscriptionRow(subscriptionRow), ids);
    expect(subscription).toMatchObject({ externalId: 'sub_003', status: 'active', planName: 'Analytics add-on', price: { amount: '119.90', currency: 'EUR' }, interval: 'month', cancelAtPeriodEnd: true });
    expect(subscription.currentPeriodEnd).toEqual(created);
    expect(ids.decode('Subscription', subscription.id)).toBe('sub_003');
  });

  it('rejects malformed rows with a ConnectorError naming the fields', () => {
    expect(() => parseInvoiceRow({ ...invoiceRow, status: 'lost', total: 12 })).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('status, total') }),
    );
    expect(() => parseSubscriptionRow({ ...subscriptionRow, interval: 'week' })).toThrow(expect.objectContaining({ message: expect.stringContaining('interval') }));
  });
});
