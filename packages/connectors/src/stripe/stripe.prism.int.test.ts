import { EntityIds } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripePrism, type StripePrism } from '../../test/emulators/stripe/stripe-prism.js';
import { StripeBillingAdapter } from './stripe-billing.adapter.js';
import { StripeBillingApi } from './stripe.api.js';
import { createStripeClient } from './stripe.client.js';
import { stripeIdempotencyKey } from './stripe.idempotency.js';

/** One request as Prism judged it: the `sl-violations` header is present only when it broke the spec. */
interface Judged {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: string | null;
}

// Every request the Stripe connector can send, against Stripe's own OpenAPI description (via Prism).
// Prism answers with canned data the adapter may not read (or with 500 "schema too complex" for invoices),
// so the verdict on each request is taken from Prism's validation, whatever came back.
describe('every Stripe request passes Prism validation against the official spec', () => {
  let prism: StripePrism;
  const judged: Judged[] = [];
  const connectionId = 'con_prism';
  const ids = new EntityIds(connectionId);

  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    judged.push({ method: init?.method ?? 'GET', path: url.pathname, status: response.status, violations: response.headers.get('sl-violations') });
    return response;
  };
  const client = () => createStripeClient({ connectionId, secretKey: 'sk_test_prism0123456789', baseUrl: prism.url, fetch: recording, maxNetworkRetries: 0 });
  const settle = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);

  beforeAll(async () => {
    prism = await startStripePrism();
  }, 180_000);
  afterAll(async () => {
    await prism?.stop();
  });

  it('sends only valid requests, from the port and from each endpoint call', async () => {
    const api = new StripeBillingApi(client());
    const adapter = new StripeBillingAdapter({ stripe: client(), connectionId });
    const cursor = (id: string) => Buffer.from(`stripe:${id}`).toString('base64url');
    const calls: (() => Promise<unknown>)[] = [
      () => adapter.listInvoices({ first: 25 }),
      () => adapter.listInvoices({ first: 100, after: cursor('in_1Abc') }),
      () => adapter.getInvoices([ids.encode('Invoice', 'in_1Abc'), ids.encode('Invoice', 'in_2Def')]),
      () => adapter.findInvoicesByEmails(["o'brien@example.org", 'ada@example.org']),
      () => adapter.listSubscriptions({ first: 10, after: cursor('sub_1Abc') }),
      () => adapter.getSubscriptions([ids.encode('Subscription', 'sub_1Abc')]),
      () => adapter.cancelSubscription(ids.encode('Subscription', 'sub_1Abc')),
      () => api.searchInvoicesByCustomers(['cus_1', 'cus_2']),
      () => api.productNames(['prod_1', 'prod_2']),
      () => api.cancelAtPeriodEnd('sub_1Abc', stripeIdempotencyKey(connectionId, 'cancel-at-period-end', 'sub_1Abc')),
      () => api.cancelNow('sub_1Abc', stripeIdempotencyKey(connectionId, 'cancel-now', 'sub_1Abc')),
      () => api.createCustomer('ada@example.org', stripeIdempotencyKey(connectionId, 'create-customer', 'ada@example.org')),
      () => api.createDraftInvoice({ customer: 'cus_1', currency: 'EUR', description: 'Deal won: Acme' }, stripeIdempotencyKey(connectionId, 'create-invoice', 'ada@example.org')),
      () => api.addInvoiceItem({ customer: 'cus_1', invoice: 'in_1Abc', amount: 12050, currency: 'EUR', description: 'Licence' }, stripeIdempotencyKey(connectionId, 'add-invoice-item', 'in_1Abc')),
      () => api.deleteDraftInvoice('in_1Abc'),
      () => api.voidInvoice('in_1Abc', stripeIdempotencyKey(connectionId, 'void-invoice', 'in_1Abc')),
    ];
    // One at a time: the verdicts stay in order and no rejection waits unobserved.
    for (const call of calls) await settle(call());

    const kinds = new Set(judged.map((j) => `${j.method} ${j.path.replace(/\/(in|sub)_[A-Za-z0-9]+(\/void)?$/, '/{id}$2')}`));
    expect([...kinds].sort()).toEqual(expect.arrayContaining([
      'DELETE /v1/invoices/{id}', 'POST /v1/customers', 'POST /v1/invoices', 'POST /v1/invoiceitems', 'POST /v1/invoices/{id}/void',
      'DELETE /v1/subscriptions/{id}', 'GET /v1/customers/search', 'GET /v1/invoices', 'GET /v1/invoices/search', 'GET /v1/invoices/{id}',
      'GET /v1/products', 'GET /v1/subscriptions', 'GET /v1/subscriptions/{id}', 'POST /v1/subscriptions/{id}',
    ]));
    expect(judged.filter((j) => j.violations !== null || j.status === 422 || j.status === 401 || j.status === 404)).toEqual([]);
  });

  it('would notice a request that breaks the spec', async () => {
    const before = judged.length;
    await settle((await client()).rawRequest('POST', '/v1/subscriptions/sub_1Abc', { cancel_at_period_end: 'maybe' }));
    expect(judged.slice(before)).toEqual([expect.objectContaining({ status: 422, violations: expect.stringContaining('cancel_at_period_end') })]);
  });
});
