import { describe, expect, it } from 'vitest';
import { addDecimal, describeEvent, emptyTally, foldEvent } from './dashboard-tally';

const at = '2026-12-06T08:00:00Z';

describe('dashboard tally', () => {
  it('adds decimal amounts exactly, per currency', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('1200.00', '0.5')).toBe('1200.50');
    expect(addDecimal('-1.25', '1')).toBe('-0.25');
    expect(() => addDecimal('1e3', '1')).toThrow(/Not a decimal amount: 1e3/);
  });

  it('counts orders with their revenue, moved deals and published content', () => {
    let tally = emptyTally;
    tally = foldEvent(tally, { id: '1', cursor: '1', type: 'commerce.order.created.v1', occurredAt: at, payload: { total: { amount: '10.10', currency: 'EUR' } } });
    tally = foldEvent(tally, { id: '2', cursor: '2', type: 'commerce.order.created.v1', occurredAt: at, payload: { total: { amount: '0.20', currency: 'EUR' } } });
    tally = foldEvent(tally, { id: '3', cursor: '3', type: 'commerce.order.created.v1', occurredAt: at, payload: { total: { amount: '5', currency: 'USD' } } });
    tally = foldEvent(tally, { id: '4', cursor: '4', type: 'crm.deal.stage_changed.v1', occurredAt: at, payload: {} });
    tally = foldEvent(tally, { id: '5', cursor: '5', type: 'content.content.published.v1', occurredAt: at, payload: {} });
    expect(tally).toMatchObject({ revenue: { EUR: '10.30', USD: '5' }, orders: 3, dealsMoved: 1, contentPublished: 1 });
    expect(tally.recent.map((e) => e.id)).toEqual(['5', '4', '3', '2', '1']);
  });

  it('describes an event from its payload', () => {
    expect(describeEvent({ id: '1', cursor: '1', type: 'crm.deal.stage_changed.v1', occurredAt: at, payload: { fromStageId: 'lead', toStageId: 'proposal' } })).toBe('Deal moved from lead to proposal');
    expect(describeEvent({ id: '2', cursor: '2', type: 'commerce.order.created.v1', occurredAt: at, payload: { number: '#1001', total: { amount: '5.00', currency: 'EUR' } } })).toBe('Order #1001 for 5.00 EUR');
    expect(describeEvent({ id: '3', cursor: '3', type: 'x.unknown.v1', occurredAt: at, payload: null })).toBe('x.unknown.v1');
  });
});
