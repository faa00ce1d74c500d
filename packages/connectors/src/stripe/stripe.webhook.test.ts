import { BillingEventTypes, ConnectorError, EntityIds, ValidationError, type ConnectorContext, type SqlClient } from '@bizosaas/domain';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeSignature } from './stripe.webhook.js';
import { createStripeWebhook } from './stripe.webhook-receiver.js';

const SECRET = 'whsec_test0123456789abcdefABCDEF';
const NOW_MS = Date.parse('2026-06-01T12:00:00Z');
const NOW_S = NOW_MS / 1000;
// An event as Stripe sends it (https://docs.stripe.com/api/events/object), trimmed.
const EVENT = {
  id: 'evt_1PaidInvoice', object: 'event', type: 'invoice.paid', created: NOW_S - 5, api_version: '2023-08-16', livemode: false,
  data: { object: { id: 'in_1Abc', object: 'invoice', number: 'INV-7', customer: 'cus_1', customer_email: 'ada@example.org', status: 'paid', total: 4200, amount_due: 0, currency: 'eur', due_date: null, created: NOW_S - 100 } },
};
const BODY = JSON.stringify(EVENT);

/** A header signed by Stripe's own library, so our verifier is checked against the real scheme. */
function stripeHeader(body: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? NOW_S - 10 });
}

// The receiver never touches the database.
const noDatabase: SqlClient = { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) };
const context: ConnectorContext = { tenantId: 't1', connectionId: 'con_stripe1', settings: {}, credentials: { secretKey: 'sk_test_abcdefgh1234', webhookSecret: SECRET }, sql: noDatabase };
const request = (body: string, signature: string | undefined) => ({ method: 'POST', url: 'https://bizosaas.example/webhooks/con_stripe1', rawBody: Buffer.from(body), headers: { 'stripe-signature': signature } });

describe('verifyStripeSignature', () => {
  const verify = (header: string, body = BODY, nowMs = NOW_MS) => verifyStripeSignature({ secret: SECRET, header, rawBody: Buffer.from(body), nowMs });

  it("accepts a header made by Stripe's library", () => {
    expect(verify(stripeHeader(BODY))).toEqual({ valid: true, timestamp: NOW_S - 10 });
  });

  it('accepts when any one of several v1 signatures matches (secret rolling), ignoring v0', () => {
    const good = stripeHeader(BODY).split(',').find((p) => p.startsWith('v1='));
    expect(verify(`t=${NOW_S - 10},v1=${'0'.repeat(64)},${good},v0=${'1'.repeat(64)}`)).toMatchObject({ valid: true });
    expect(verify(`t=${NOW_S - 10},v0=${good?.slice(3)}`)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses another secret, a changed body and a missing or garbled header', () => {
    expect(verify(stripeHeader(BODY, { secret: 'whsec_other0123456789' }))).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verify(stripeHeader(BODY), `${BODY} `)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verify('')).toEqual({ valid: false, reason: 'malformed' });
    expect(verify('t=yesterday,v1=abc')).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses a timestamp more than 300 s away, even correctly signed', () => {
    expect(verify(stripeHeader(BODY, { timestamp: NOW_S - 301 }))).toEqual({ valid: false, reason: 'stale_timestamp' });
    expect(verify(stripeHeader(BODY, { timestamp: NOW_S + 301 }))).toEqual({ valid: false, reason: 'stale_timestamp' });
    expect(verify(stripeHeader(BODY, { timestamp: NOW_S - 300 }))).toMatchObject({ valid: true });
  });
});

describe('Stripe webhook receiver', () => {
  const webhook = createStripeWebhook(() => NOW_MS);

  it('maps a signed invoice.paid to billing.invoice.paid.v1 with the event id as delivery id', async () => {
    const delivery = await webhook.receive(context, request(BODY, stripeHeader(BODY)));
    expect(delivery.deliveryId).toBe('evt_1PaidInvoice');
    expect(delivery.events).toEqual([{
      type: BillingEventTypes.InvoicePaid,
      occurredAt: new Date((NOW_S - 5) * 1000),
      payload: { invoiceId: new EntityIds('con_stripe1').encode('Invoice', 'in_1Abc'), number: 'INV-7', email: 'ada@example.org', status: 'paid', total: { amount: '42.00', currency: 'EUR' }, amountDue: { amount: '0.00', currency: 'EUR' } },
    }]);
  });

  it('acknowledges event types it does not model with no events', async () => {
    const body = JSON.stringify({ ...EVENT, id: 'evt_2', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    expect(await webhook.receive(context, request(body, stripeHeader(body)))).toEqual({ deliveryId: 'evt_2', events: [] });
  });

  it('refuses bad and stale signatures as unauthorized, and unreadable events as bad input', async () => {
    for (const header of [undefined, stripeHeader(BODY, { secret: 'whsec_wrongsecret123' }), stripeHeader(BODY, { timestamp: NOW_S - 3600 })]) {
      const error = await webhook.receive(context, request(BODY, header)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
    const garbage = '{"id":"nope"}';
    await expect(webhook.receive(context, request(garbage, stripeHeader(garbage)))).rejects.toBeInstanceOf(ValidationError);
  });

  it('says what is missing when the connection has no signing secret', async () => {
    const bare = { ...context, credentials: { secretKey: 'sk_test_abcdefgh1234' } };
    await expect(webhook.receive(bare, request(BODY, stripeHeader(BODY)))).rejects.toMatchObject({ code: 'misconfigured', message: expect.stringMatching(/signing secret/) });
  });
});
