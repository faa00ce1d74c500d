import { createHmac } from 'node:crypto';
import { ConnectorError, EntityIds, ValidationError, type ConnectorContext, type CrmPort } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseHubSpotWebhook, verifyHubSpotSignatureV3 } from './hubspot.webhook.js';
import { createHubSpotWebhook } from './hubspot.webhook-receiver.js';

const SECRET = 'app-client-secret-7f3a9c';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const URI = 'https://bizosaas.example/webhooks/conn-hs-1';
// A delivery as HubSpot sends it: an array of events (recorded shape from the webhooks API docs).
const BODY = JSON.stringify([
  { eventId: 100, subscriptionId: 25, portalId: 62515, appId: 54321, occurredAt: NOW - 2000, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 1246965, changeSource: 'CRM', changeFlag: 'NEW' },
  { eventId: 101, subscriptionId: 26, portalId: 62515, appId: 54321, occurredAt: NOW - 1000, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 1246978, propertyName: 'dealstage', propertyValue: 'closedwon', changeSource: 'CRM' },
  { eventId: 102, subscriptionId: 27, portalId: 62515, appId: 54321, occurredAt: NOW - 500, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 1246978, propertyName: 'amount', propertyValue: '10', changeSource: 'CRM' },
]);

function sign(method: string, uri: string, body: string, timestamp: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

describe('verifyHubSpotSignatureV3', () => {
  const timestamp = String(NOW - 60_000);
  const base = { clientSecret: SECRET, method: 'POST', uri: URI, body: BODY, timestamp, now: NOW };

  it('accepts a valid signature', () => {
    expect(verifyHubSpotSignatureV3({ ...base, signature: sign('POST', URI, BODY, timestamp) })).toEqual({ valid: true });
  });

  it('refuses a bad signature, a changed body and another secret', () => {
    const signature = sign('POST', URI, BODY, timestamp);
    expect(verifyHubSpotSignatureV3({ ...base, signature: 'bm9wZQ==' })).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyHubSpotSignatureV3({ ...base, body: `${BODY} `, signature })).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyHubSpotSignatureV3({ ...base, signature: sign('POST', URI, BODY, timestamp, 'other-secret') })).toMatchObject({ valid: false });
  });

  it('refuses a valid signature with anything appended or cut off', () => {
    const signature = sign('POST', URI, BODY, timestamp);
    expect(verifyHubSpotSignatureV3({ ...base, signature: `${signature}${'A'.repeat(4000)}` })).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyHubSpotSignatureV3({ ...base, signature: `${signature}!!!!` })).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyHubSpotSignatureV3({ ...base, signature: signature.slice(0, -2) })).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('refuses timestamps older than 5 minutes even with a valid signature', () => {
    const old = String(NOW - 5 * 60_000 - 1);
    expect(verifyHubSpotSignatureV3({ ...base, timestamp: old, signature: sign('POST', URI, BODY, old) })).toEqual({ valid: false, reason: 'stale_timestamp' });
    expect(verifyHubSpotSignatureV3({ ...base, timestamp: 'yesterday', signature: 'x' })).toEqual({ valid: false, reason: 'malformed' });
  });

  it('signs the URI with the characters HubSpot decodes (%3A, %2F, ...)', () => {
    const encoded = 'https://bizosaas.example/webhooks/conn-hs-1?next=a%3Ab%2Fc';
    const signature = sign('POST', 'https://bizosaas.example/webhooks/conn-hs-1?next=a:b/c', BODY, timestamp);
    expect(verifyHubSpotSignatureV3({ ...base, uri: encoded, signature })).toEqual({ valid: true });
  });
});

describe('parseHubSpotWebhook', () => {
  it('maps contact.creation and dealstage changes to domain events with canonical ids, ignoring the rest', () => {
    const ids = new EntityIds('conn-hs-1');
    const events = parseHubSpotWebhook(BODY, { connectionId: 'conn-hs-1' });
    expect(events).toEqual([
      { type: 'crm.contact.created.v1', deliveryId: '100', portalId: '62515', occurredAt: new Date(NOW - 2000).toISOString(), payload: { contactId: ids.encode('Contact', '1246965'), email: null } },
      {
        type: 'crm.deal.stage_changed.v1', deliveryId: '101', portalId: '62515', occurredAt: new Date(NOW - 1000).toISOString(),
        payload: { dealId: ids.encode('Deal', '1246978'), pipelineId: null, fromStageId: null, toStageId: 'closedwon' },
      },
    ]);
  });

  it('rejects a body that is not HubSpot\'s shape', () => {
    expect(() => parseHubSpotWebhook('{"not":"an array"}', { connectionId: 'c' })).toThrow(/array of events/);
    expect(() => parseHubSpotWebhook('nope', { connectionId: 'c' })).toThrow(/not JSON/);
  });
});

describe('hubspot connector webhook (receive)', () => {
  const context = { tenantId: 't1', connectionId: 'conn-hs-1', settings: {}, credentials: { accessToken: 'pat-na1-xyz-123456', clientSecret: SECRET } } as unknown as ConnectorContext;
  const ids = new EntityIds('conn-hs-1');
  const port = {
    async getContacts(list: readonly string[]) { return list.map((id) => ({ id, email: 'new.lead@example.test' })); },
    async getDeals(list: readonly string[]) { return list.map((id) => ({ id, pipelineId: 'default' })); },
  } as unknown as CrmPort;
  const webhook = createHubSpotWebhook(() => port, () => NOW);
  const timestamp = String(NOW - 1000);
  const request = (signature: string, ts = timestamp) => ({
    method: 'POST', url: URI, rawBody: Buffer.from(BODY),
    headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': ts },
  });

  it('turns a validly signed delivery into events enriched with email and pipeline', async () => {
    const delivery = await webhook.receive(context, request(sign('POST', URI, BODY, timestamp)));
    expect(delivery.deliveryId).toMatch(/^hubspot-[0-9a-f]{40}$/);
    expect(delivery.events.map((e) => e.type)).toEqual(['crm.contact.created.v1', 'crm.deal.stage_changed.v1']);
    expect(delivery.events[0]?.payload).toEqual({ contactId: ids.encode('Contact', '1246965'), email: 'new.lead@example.test' });
    expect(delivery.events[1]?.payload).toMatchObject({ pipelineId: 'default', toStageId: 'closedwon' });
    // The same events again (a HubSpot retry) carry the same delivery id.
    expect((await webhook.receive(context, request(sign('POST', URI, BODY, timestamp)))).deliveryId).toBe(delivery.deliveryId);
  });

  it('refuses a bad signature and a stale timestamp with unauthorized', async () => {
    await expect(webhook.receive(context, request('AAAA'))).rejects.toMatchObject({ code: 'unauthorized' });
    const stale = String(NOW - 10 * 60_000);
    const error: unknown = await webhook.receive(context, request(sign('POST', URI, BODY, stale), stale)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toContain('stale timestamp');
  });

  it('rejects an unreadable body with ValidationError', async () => {
    const body = '{"x":1}';
    const req = { ...request(sign('POST', URI, body, timestamp)), rawBody: Buffer.from(body) };
    await expect(webhook.receive(context, req)).rejects.toBeInstanceOf(ValidationError);
  });
});
