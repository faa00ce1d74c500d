import type { DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWILIO_TEST_RECIPIENT } from '../packages/connectors/test/emulators/twilio/twilio-emulator.setup.js';
import { TwilioEmulator } from '../packages/connectors/test/emulators/twilio/twilio-emulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { collect, wsClient } from './support/ws-client.js';

const CONNECT = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: MESSAGING, provider: "twilio", settings: $settings, credentials: $credentials) { id provider status } }';
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id externalId to status } }';
const MESSAGE_EVENTS = 'subscription { messageEvents { cursor kind errorCode message { id externalId from to body status direction } } }';

// The whole product on Twilio's emulator: connect, send an SMS through the graph, and Twilio's status
// callback (signed, to POST /webhooks/<connectionId> on the gateway) comes back as a domain event.
describe('a tenant on Twilio through the gateway', () => {
  let twilio: TwilioEmulator;
  let t: TestApp;
  let connectionId = '';
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    twilio = await TwilioEmulator.start();
    t = await startTestApp();
    await t.app.platform.events.subscribe(async (event) => {
      if (event.source === 'webhook:twilio') events.push(event);
    });
    const publicUrl = t.app.gatewayUrl.replace(/\/graphql$/, '');
    const connected = await t.gql(t.key('acme'), CONNECT, { settings: { accountSid: twilio.accountSid, fromNumber: twilio.fromNumber, publicUrl, apiUrl: twilio.url }, credentials: { authToken: twilio.authToken } });
    expect(connected.errors).toBeUndefined();
    expect(connected.data.connect).toMatchObject({ provider: 'twilio', status: 'ACTIVE' });
    connectionId = connected.data.connect.id;
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  const eventually = async (check: () => void) => {
    for (let i = 0; i < 100; i += 1) {
      try {
        return check();
      } catch {
        await new Promise((wait) => setTimeout(wait, 50));
      }
    }
    check();
  };

  it('is in the connector catalogue with its settings and write-only credentials', async () => {
    const result = await t.gql(t.key('acme'), '{ connectors(port: MESSAGING) { provider settingsFields { name required } credentialFields { name secret required } } }');
    const entry = result.data.connectors.find((c: { provider: string }) => c.provider === 'twilio');
    expect(entry.settingsFields).toEqual([{ name: 'accountSid', required: true }, { name: 'fromNumber', required: true }, { name: 'publicUrl', required: false }]);
    expect(entry.credentialFields).toEqual([
      { name: 'authToken', secret: true, required: true },
      { name: 'apiKeySid', secret: true, required: false },
      { name: 'apiKeySecret', secret: true, required: false },
    ]);
  });

  it('refuses a wrong auth token at connect, naming credentials, and never echoes it', async () => {
    const wrong = '0123456789abcdef0123456789abcdef';
    const result = await t.gql(t.key('acme'), CONNECT, { settings: { accountSid: twilio.accountSid, fromNumber: twilio.fromNumber, apiUrl: twilio.url }, credentials: { authToken: wrong } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect((await t.app.platform.connections.getActive(t.tenantId('acme'), 'messaging'))?.id).toBe(connectionId);
  });

  it('an SMS sent through the graph gets its delivery back as messaging.message.delivered.v1; a forged callback is 401', async () => {
    const sent = await t.gql(t.key('acme'), SEND, { input: { channel: 'SMS', to: TWILIO_TEST_RECIPIENT, body: 'Your order shipped' } });
    expect(sent.errors).toBeUndefined();
    const sid: string = sent.data.sendMessage.externalId;
    expect(twilio.store.find(sid)?.statusCallback).toBe(t.webhookUrl(connectionId));

    expect(await twilio.advance(sid, 'delivered', { signingToken: '00000000000000000000000000000000' })).toBe(401);
    expect(await twilio.advance(sid, 'delivered')).toBe(202);
    await eventually(() => expect(events.map((e) => e.type)).toEqual(['messaging.message.delivered.v1']));
    expect(events[0]).toMatchObject({ tenantId: t.tenantId('acme'), payload: { externalId: sid, to: TWILIO_TEST_RECIPIENT, status: 'delivered' } });
  });

  it('sends an SMS when the caller leaves out channel (the schema default), through the gateway', async () => {
    const omitted = await t.gql(t.key('acme'), SEND, { input: { to: TWILIO_TEST_RECIPIENT, body: 'No channel given' } });
    expect(omitted.errors).toBeUndefined();
    const sid: string = omitted.data.sendMessage.externalId;
    expect(twilio.store.find(sid)?.to).toBe(TWILIO_TEST_RECIPIENT);
    const inline = await t.gql(t.key('acme'), `mutation { sendMessage(input: { to: "${TWILIO_TEST_RECIPIENT}", body: "Inline, no channel" }) { id channel } }`);
    expect(inline.errors).toBeUndefined();
    expect(inline.data.sendMessage.channel).toBe('SMS');
  });

  it('a graphql-ws subscriber receives the delivery and the failure as messageEvents, with the message resolved from Twilio', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const otherTenant = wsClient(t.app.gatewayUrl, t.key('globex'));
    const mine = collect(client, MESSAGE_EVENTS);
    const theirs = collect(otherTenant, MESSAGE_EVENTS);
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(2);
      const sent = await t.gql(t.key('acme'), SEND, { input: { channel: 'SMS', to: TWILIO_TEST_RECIPIENT, body: 'Your invoice is ready' } });
      expect(sent.errors).toBeUndefined();
      const { id, externalId } = sent.data.sendMessage;

      expect(await twilio.advance(externalId, 'delivered', { signingToken: '00000000000000000000000000000000' })).toBe(401);
      expect(await twilio.advance(externalId, 'delivered')).toBe(202);
      await expect.poll(() => mine.received.length, { timeout: 15_000 }).toBe(1);
      expect(mine.received[0]?.errors).toBeUndefined();
      expect(mine.received[0]?.data.messageEvents).toMatchObject({ kind: 'DELIVERED', errorCode: null, message: { id, externalId, to: TWILIO_TEST_RECIPIENT, body: 'Your invoice is ready', status: 'DELIVERED' } });

      const failing = await t.gql(t.key('acme'), SEND, { input: { channel: 'SMS', to: TWILIO_TEST_RECIPIENT, body: 'Second try' } });
      expect(await twilio.advance(failing.data.sendMessage.externalId, 'undelivered', { errorCode: 30003 })).toBe(202);
      await expect.poll(() => mine.received.length, { timeout: 15_000 }).toBe(2);
      expect(mine.received[1]?.data.messageEvents).toMatchObject({ kind: 'FAILED', errorCode: '30003', message: { id: failing.data.sendMessage.id, status: 'FAILED' } });
      expect(theirs.received).toEqual([]);
    } finally {
      mine.stop();
      theirs.stop();
      await client.dispose();
      await otherTenant.dispose();
    }
  });

  it('an incoming SMS reaches a subscriber as a RECEIVED messageEvent', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const mine = collect(client, MESSAGE_EVENTS);
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(1);
      const webhook = t.webhookUrl(connectionId);
      const { status, sid } = await twilio.receive('+4915112345678', 'STOP', webhook);
      expect(status).toBe(202);
      await expect.poll(() => mine.received.length, { timeout: 15_000 }).toBe(1);
      expect(mine.received[0]?.errors).toBeUndefined();
      expect(mine.received[0]?.data.messageEvents).toMatchObject({ kind: 'RECEIVED', message: { externalId: sid, from: '+4915112345678', body: 'STOP', direction: 'INBOUND', status: 'RECEIVED' } });
    } finally {
      mine.stop();
      await client.dispose();
    }
  });
});
