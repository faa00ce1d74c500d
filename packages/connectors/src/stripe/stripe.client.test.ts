import type { ConnectorCallRecord, RateLimitConfig } from '@bizosaas/connector-kit';
import { fakeFetch } from '@bizosaas/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import { createStripeClient, STRIPE_RATE_LIMIT } from './stripe.client.js';

const SECRET = 'sk_test_client0123456789';
const emptyList = { status: 200, body: { object: 'list', data: [], has_more: false, url: '/v1/invoices' } };

describe('createStripeClient', () => {
  it('aims the official client at the base URL, with the key as bearer, a rate-limit token per request and a metric per attempt', async () => {
    const { fetch, calls } = fakeFetch([emptyList]);
    const taken: [string, RateLimitConfig][] = [];
    const records: ConnectorCallRecord[] = [];
    const stripe = await createStripeClient({
      connectionId: 'con_1', secretKey: SECRET, baseUrl: 'http://127.0.0.1:4010', fetch,
      rateLimiter: { take: async (key, config) => void taken.push([key, config]) },
      metrics: { record: (record) => records.push(record) },
    });
    await stripe.customers.search({ query: "email:'ada@example.org'" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:4010\/v1\/customers\/search\?query=/);
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET}`);
    expect(taken).toEqual([['stripe:con_1', STRIPE_RATE_LIMIT]]);
    // The path only: the query carries a customer's email.
    expect(records).toEqual([expect.objectContaining({ provider: 'stripe', connectionId: 'con_1', method: 'GET', path: '/v1/customers/search', status: 200, attempt: 1, retried: false })]);
  });

  it('sends the idempotency key it is given on a write and counts its retries as attempts of that key', async () => {
    const { fetch, calls } = fakeFetch([{ status: 500, body: { error: { type: 'api_error', message: 'boom' } } }, { status: 200, body: { id: 'sub_1', object: 'subscription' } }]);
    const records: ConnectorCallRecord[] = [];
    const stripe = await createStripeClient({ connectionId: 'con_1', secretKey: SECRET, baseUrl: 'https://api.stripe.com', fetch, metrics: { record: (r) => records.push(r) } });
    await stripe.subscriptions.update('sub_1', { cancel_at_period_end: true }, { idempotencyKey: 'bizosaas-key-1' });
    expect(calls.map((c) => [c.url, c.headers.get('idempotency-key')])).toEqual([
      ['https://api.stripe.com/v1/subscriptions/sub_1', 'bizosaas-key-1'],
      ['https://api.stripe.com/v1/subscriptions/sub_1', 'bizosaas-key-1'],
    ]);
    expect(records.map((r) => [r.attempt, r.status, r.retried])).toEqual([[1, 500, true], [2, 200, false]]);
  });
});
