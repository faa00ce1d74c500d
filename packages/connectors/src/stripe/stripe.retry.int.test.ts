import type { ConnectorCallRecord } from '@bizosaas/connector-kit';
import { capturingLogger } from '@bizosaas/connector-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeEmulator } from '../../test/emulators/stripe/stripe-emulator.js';
import { seededStripeEmulator, STRIPE_TEST_KEY } from '../../test/emulators/stripe/stripe-emulator.setup.js';
import { createStripeBillingConnector } from './stripe.connector.js';
import { stripeIdempotencyKey } from './stripe.idempotency.js';

const unusedDatabase = { query: () => Promise.reject(new Error('unused')), transaction: () => Promise.reject(new Error('unused')) };

describe('Stripe writes retried after a timeout', () => {
  let emulator: StripeEmulator;
  // 400 ms per attempt; the emulator holds the first answer for 1.5 s, so that attempt times out.
  const calls: ConnectorCallRecord[] = [];
  const log = capturingLogger();
  const connector = createStripeBillingConnector({ allowEmulator: true, timeoutMs: 400, metrics: { record: (call) => calls.push(call) }, logger: log.logger });
  const adapter = () => connector.createAdapter({ tenantId: 't1', connectionId: 'con_retry', settings: { baseUrl: emulator.url }, credentials: { secretKey: STRIPE_TEST_KEY }, sql: unusedDatabase });
  const live = async () => (await adapter().listSubscriptions({ first: 100 })).items.map((i) => i.node).filter((s) => s.status !== 'canceled' && !s.cancelAtPeriodEnd);
  const writesTo = (externalId: string) => emulator.requests.filter((r) => r.method !== 'GET' && r.path === `/v1/subscriptions/${externalId}`);

  beforeAll(async () => {
    emulator = await seededStripeEmulator();
  });
  afterAll(async () => {
    // Metrics and logs name the path, never the key or a query string (customer emails).
    expect(log.lines.join('\n')).not.toContain(STRIPE_TEST_KEY);
    expect(calls.every((c) => !c.path.includes('?') && c.provider === 'stripe')).toBe(true);
    await emulator.stop();
  });

  it('cancel at period end: the retry sends the same Idempotency-Key and Stripe replays, so one change and one event', async () => {
    const [target] = await live();
    if (target === undefined) throw new Error('the seed has live subscriptions');
    emulator.stallNextWrite(1500);
    const eventsBefore = emulator.store.events.length;
    const cancelled = await adapter().cancelSubscription(target.id);
    expect(cancelled).toMatchObject({ id: target.id, cancelAtPeriodEnd: true, status: target.status });
    const writes = writesTo(target.externalId);
    expect(writes).toHaveLength(2);
    expect(writes[0]?.idempotencyKey).toMatch(/^bizosaas-cancel-at-period-end-[0-9a-f]{48}$/);
    expect(writes[1]?.idempotencyKey).toBe(writes[0]?.idempotencyKey);
    expect(emulator.store.events.slice(eventsBefore).map((e) => e.type)).toEqual(['customer.subscription.updated']);
    // The timed-out attempt is recorded as a network failure, the retry as attempt 2 of the same key.
    const posts = calls.filter((c) => c.method === 'POST' && c.path === `/v1/subscriptions/${target.externalId}`);
    expect(posts.map((c) => [c.attempt, c.status, c.retried])).toEqual([[1, 'network', true], [2, 200, false]]);
    expect(log.lines.some((line) => line.includes('Stripe request failed before an answer'))).toBe(true);
  });

  it('create: a new customer and an invoice whose first answers time out exist once each, and the retry replays them', async () => {
    const email = 'timeout-create@example.org';
    const customersBefore = emulator.store.customers.size;
    const invoicesBefore = emulator.store.invoices.size;
    emulator.stallNextWrite(1500); // the customer is created, its answer lost; the retry must not create a second
    const invoice = await adapter().createInvoice({ customerEmail: email, currency: 'EUR', lines: [{ description: 'Set-up', amount: { amount: '120.00', currency: 'EUR' } }] }, { idempotencyKey: 'bizosaas-timeout-create' });
    expect(invoice.total).toEqual({ amount: '120.00', currency: 'EUR' });
    expect([...emulator.store.customers.values()].filter((c) => c['email'] === email)).toHaveLength(1);
    expect(emulator.store.customers.size).toBe(customersBefore + 1);
    const customerPosts = emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(customerPosts.slice(-2).map((r) => r.idempotencyKey)).toEqual([customerPosts.at(-1)?.idempotencyKey, customerPosts.at(-1)?.idempotencyKey]);
    expect(emulator.store.invoices.size).toBe(invoicesBefore + 1);

    // The whole operation repeated after a timeout of the draft invoice: still one invoice, the same one.
    emulator.stallNextWrite(1500);
    const again = await adapter().createInvoice({ customerEmail: email, currency: 'EUR', lines: [{ description: 'Set-up', amount: { amount: '120.00', currency: 'EUR' } }] }, { idempotencyKey: 'bizosaas-timeout-create' });
    expect(again.id).toBe(invoice.id);
    expect(emulator.store.invoices.size).toBe(invoicesBefore + 1);
  });

  it('an outbox intent\'s key joins the derived one: a re-sent intent sends the same key, another intent another', async () => {
    // A subscription of its own, so the seed's live ones stay for the other cases.
    const customer = emulator.store.addCustomer('intent@example.org', 'Intent Test');
    emulator.store.addSubscription(customer, { product: emulator.store.addProduct('Intent'), unitAmount: 100, currency: 'eur', interval: 'month' });
    const target = (await live()).find((s) => s.customerEmail === 'intent@example.org') ?? (await live())[0];
    if (target === undefined) throw new Error('the seed has live subscriptions');
    await adapter().cancelSubscription(target.id, { idempotencyKey: 'bizosaas-intent-1' });
    const [sent] = writesTo(target.externalId).map((w) => w.idempotencyKey);
    expect(sent).toBe(stripeIdempotencyKey('con_retry', 'cancel-at-period-end', target.externalId, { intent: 'bizosaas-intent-1' }));
    expect(sent).not.toBe(stripeIdempotencyKey('con_retry', 'cancel-at-period-end', target.externalId));
    expect(sent).not.toBe(stripeIdempotencyKey('con_retry', 'cancel-at-period-end', target.externalId, { intent: 'bizosaas-intent-2' }));
  });

  it('a caller that repeats the whole operation sends the same key again', async () => {
    const [target] = await live();
    if (target === undefined) throw new Error('the seed has live subscriptions');
    await adapter().cancelSubscription(target.id);
    // The platform restarted between the two calls: a new adapter, the same connection and operation.
    await adapter().cancelSubscription(target.id, { immediately: false });
    const keys = writesTo(target.externalId).map((w) => w.idempotencyKey);
    expect(keys).toHaveLength(1); // the second call saw it already ending and wrote nothing
    const other = (await live())[0];
    if (other === undefined) throw new Error('the seed has live subscriptions');
    await adapter().cancelSubscription(other.id);
    expect(writesTo(other.externalId)[0]?.idempotencyKey).not.toBe(keys[0]);
  });

  it('a subscription reactivated within the 24 h key window and cancelled again really ends at period end', async () => {
    const [target] = await live();
    if (target === undefined) throw new Error('the seed has live subscriptions');
    await adapter().cancelSubscription(target.id);
    // Someone resumes it in the Stripe dashboard (no key of ours involved).
    emulator.store.updateSubscription(target.externalId, { cancel_at_period_end: false }, 'customer.subscription.updated');
    const again = await adapter().cancelSubscription(target.id);
    expect(again.cancelAtPeriodEnd).toBe(true);
    expect(emulator.store.subscriptions.get(target.externalId)?.['cancel_at_period_end']).toBe(true);
    const keys = writesTo(target.externalId).map((w) => w.idempotencyKey);
    // First cancellation, its key again (replayed, stale), then a key derived from it.
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(/^bizosaas-cancel-at-period-end-/);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('cancel now: a DELETE whose answer was lost is not reported as a failure, and cancels once', async () => {
    const [target] = await live();
    if (target === undefined) throw new Error('the seed has live subscriptions');
    emulator.stallNextWrite(1500);
    const eventsBefore = emulator.store.events.length;
    const cancelled = await adapter().cancelSubscription(target.id, { immediately: true });
    expect(cancelled).toMatchObject({ id: target.id, status: 'canceled' });
    const writes = writesTo(target.externalId);
    expect(writes.map((w) => w.method)).toEqual(['DELETE', 'DELETE']);
    expect(new Set(writes.map((w) => w.idempotencyKey)).size).toBe(1);
    expect(writes[0]?.idempotencyKey).toMatch(/^bizosaas-cancel-now-/);
    expect(emulator.store.events.slice(eventsBefore).map((e) => e.type)).toEqual(['customer.subscription.deleted']);
  });
});
