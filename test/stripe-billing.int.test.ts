import type { DomainEvent } from '@bizosaas/domain';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeEmulator } from '../packages/connectors/test/emulators/stripe/stripe-emulator.js';
import { seededStripeEmulator, STRIPE_TEST_KEY } from '../packages/connectors/test/emulators/stripe/stripe-emulator.setup.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: BILLING, provider: "stripe", settings: $settings, credentials: $credentials) { id provider status settings } }';
const WEBHOOK_SECRET = 'whsec_e2eSigningSecret0123456789';

// Stripe through the whole product: the catalogue, connect (write-only key), invoices and cancellation
// through the gateway against the emulator, and Stripe webhooks at POST /webhooks/<connectionId>.
describe('a tenant on Stripe billing', () => {
  let emulator: StripeEmulator;
  let t: TestApp;
  let connectionId: string;
  const responses: string[] = [];
  const events: DomainEvent[] = [];
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const result = await t.gql(t.key('acme'), query, variables);
    responses.push(JSON.stringify(result));
    return result;
  };
  const postWebhook = (body: string, signature?: string) =>
    fetch(t.webhookUrl(connectionId), { method: 'POST', headers: { 'content-type': 'application/json', ...(signature && { 'stripe-signature': signature }) }, body });
  const sign = (body: string, timestamp = Math.floor(Date.now() / 1000), secret = WEBHOOK_SECRET) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });

  beforeAll(async () => {
    emulator = await seededStripeEmulator();
    t = await startTestApp();
    await t.app.platform.events.subscribe(async (event) => {
      if (event.source === 'webhook:stripe') events.push(event);
    });
  });
  afterAll(async () => {
    // The secret key and the signing secret appear in no response.
    for (const secret of [STRIPE_TEST_KEY, WEBHOOK_SECRET]) expect(responses.join('\n')).not.toContain(secret);
    await t?.close();
    await emulator?.stop();
  });

  it('the catalogue lists Stripe with its settings and credential fields, the key secret', async () => {
    const result = await gql('{ connectors(port: BILLING) { provider authKind settingsFields { name secret } credentialFields { name required secret } } }');
    expect(result.errors).toBeUndefined();
    const stripe = result.data.connectors.find((c: { provider: string }) => c.provider === 'stripe');
    expect(stripe).toEqual({
      provider: 'stripe', authKind: 'API_KEY', settingsFields: [{ name: 'baseUrl', secret: false }],
      credentialFields: [{ name: 'secretKey', required: true, secret: true }, { name: 'webhookSecret', required: false, secret: true }],
    });
  });

  it('refuses a wrong key without echoing it, then connects with the right one', async () => {
    const wrong = await gql(CONNECT, { settings: { baseUrl: emulator.url }, credentials: { secretKey: 'sk_test_wrongkey0123456789' } });
    expect(wrong.errors?.[0]?.message).toMatch(/Stripe refused the API key/);
    expect(JSON.stringify(wrong)).not.toContain('sk_test_wrongkey0123456789');
    const bad = await gql(CONNECT, { settings: { baseUrl: 'https://evil.example' }, credentials: { secretKey: 'pk_live_nope' } });
    expect(bad.errors?.[0]?.message).toMatch(/settings\.baseUrl/);
    expect(bad.errors?.[0]?.message).toMatch(/credentials\.secretKey/);
    const ok = await gql(CONNECT, { settings: { baseUrl: emulator.url }, credentials: { secretKey: STRIPE_TEST_KEY, webhookSecret: WEBHOOK_SECRET } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.connect).toMatchObject({ provider: 'stripe', status: 'ACTIVE', settings: { baseUrl: emulator.url } });
    connectionId = ok.data.connect.id;
  });

  it('serves invoices and cancels a subscription through the gateway', async () => {
    const invoices = await gql('{ invoices(first: 10) { nodes { number status customerEmail total amountDue source { provider } } } }');
    expect(invoices.errors).toBeUndefined();
    expect(invoices.data.invoices.nodes).toHaveLength(4);
    expect(invoices.data.invoices.nodes).toContainEqual(expect.objectContaining({ status: 'OPEN', total: { amount: '150000', currency: 'JPY' }, source: { provider: 'stripe' } }));
    const subscriptions = await gql('{ customerSubscriptions(first: 10) { nodes { id status cancelAtPeriodEnd } } }');
    expect(subscriptions.errors).toBeUndefined();
    const live = subscriptions.data.customerSubscriptions.nodes.find((s: { status: string }) => s.status === 'ACTIVE');
    const cancelled = await gql('mutation($id: ID!) { cancelSubscription(id: $id) { id cancelAtPeriodEnd status } }', { id: live.id });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelSubscription).toEqual({ id: live.id, cancelAtPeriodEnd: true, status: 'ACTIVE' });
  });

  it('webhooks: bad signature 401, stale timestamp refused, a duplicate delivery publishes one event', async () => {
    const body = JSON.stringify({
      id: 'evt_e2e_1', object: 'event', type: 'invoice.paid', created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'in_e2e', object: 'invoice', number: 'E2E-1', customer: 'cus_1', customer_email: 'ada@example.org', status: 'paid', total: 4200, amount_due: 0, currency: 'eur', created: Math.floor(Date.now() / 1000) } },
    });
    expect((await postWebhook(body, sign(body, undefined, 'whsec_notTheSecret0123'))).status).toBe(401);
    expect((await postWebhook(body)).status).toBe(401);
    expect((await postWebhook(body, sign(body, Math.floor(Date.now() / 1000) - 301))).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);

    const first = await postWebhook(body, sign(body));
    expect(first.status).toBe(202);
    // Stripe retries with a fresh signature and timestamp; the event id is what repeats.
    const again = await postWebhook(body, sign(body, Math.floor(Date.now() / 1000) - 5));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 0, duplicate: true });
    await expect.poll(() => events.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'billing.invoice.paid.v1', tenantId: t.tenantId('acme'), correlationId: 'evt_e2e_1', payload: { number: 'E2E-1', status: 'paid', total: { amount: '42.00', currency: 'EUR' } } });
  });
});
