import { ConnectorError, createEvent, type DomainEvent } from '@bizosaas/domain';
import { InProcessEventBus } from '@bizosaas/platform';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWILIO_TEST_RECIPIENT, twilioConnection } from '../../test/emulators/twilio/twilio-emulator.setup.js';
import { TwilioEmulator } from '../../test/emulators/twilio/twilio-emulator.js';
import { TwilioMessageEventTypes } from './twilio.webhook.js';

const CONNECTION = 'con_twiliostatus';

// A message sent through the port names our webhook ingress as its StatusCallback; the emulator then plays
// Twilio and posts signed status changes there. The ingress does what the gateway and WebhookService do
// (full URL from the request, connector verifies and maps, events published for the tenant) onto the
// in-process bus, where a subscriber waits for them.
describe('Twilio status callbacks reach a subscriber as domain events', () => {
  let emulator: TwilioEmulator;
  let ingress: Server;
  let publicUrl = '';
  const bus = new InProcessEventBus();
  const received: DomainEvent[] = [];
  const answers: number[] = [];

  beforeAll(async () => {
    emulator = await TwilioEmulator.start();
    ingress = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { context, connector } = twilioConnection(emulator, CONNECTION, publicUrl);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
        const url = `http://${req.headers.host ?? ''}${req.url ?? ''}`;
        const path = `/webhooks/${CONNECTION}`;
        const done = (status: number) => {
          answers.push(status);
          res.writeHead(status).end();
        };
        if (req.url !== path || connector.webhook === undefined) return done(404);
        connector.webhook.receive(context, { headers, rawBody: Buffer.concat(chunks), url, method: req.method ?? 'POST' }).then(
          async (delivery) => {
            for (const item of delivery.events) await bus.publish(createEvent(item.type, item.payload, { tenantId: context.tenantId, source: 'webhook:twilio' }));
            done(200);
          },
          (error: unknown) => done(error instanceof ConnectorError && error.code === 'unauthorized' ? 401 : 400),
        );
      });
    });
    await new Promise<void>((ready) => ingress.listen(0, '127.0.0.1', ready));
    publicUrl = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
    await bus.subscribe(async (event) => {
      received.push(event);
    }, { tenantId: 't-twilio', types: Object.values(TwilioMessageEventTypes) });
  });
  afterAll(async () => {
    await bus.close();
    await new Promise((done) => ingress.close(done));
    await emulator.close();
  });

  const eventually = async (check: () => void) => {
    for (let i = 0; i < 50; i += 1) {
      try {
        return check();
      } catch {
        await new Promise((wait) => setTimeout(wait, 20));
      }
    }
    check();
  };

  it('sends with our webhook as StatusCallback; sent publishes nothing, delivered reaches the subscriber', async () => {
    const { port } = twilioConnection(emulator, CONNECTION, publicUrl);
    const sent = await port.sendMessage({ channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Your order shipped' });
    expect(emulator.store.find(sent.externalId)?.statusCallback).toBe(`${publicUrl}/webhooks/${CONNECTION}`);
    expect(await emulator.advance(sent.externalId, 'sent')).toBe(200);
    expect(await emulator.advance(sent.externalId, 'delivered')).toBe(200);
    await eventually(() => expect(received.map((e) => e.type)).toEqual([TwilioMessageEventTypes.Delivered]));
    expect(received[0]).toMatchObject({ tenantId: 't-twilio', source: 'webhook:twilio', payload: { messageId: sent.id, externalId: sent.externalId, to: TWILIO_TEST_RECIPIENT, status: 'delivered' } });
    const [read] = await port.getMessages([sent.id]);
    expect(read?.status).toBe('delivered');
  });

  it('a failed delivery arrives as messaging.message.failed.v1 with Twilio\'s error code', async () => {
    const { port } = twilioConnection(emulator, CONNECTION, publicUrl);
    const sent = await port.sendMessage({ channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Unreachable' });
    const before = received.length;
    expect(await emulator.advance(sent.externalId, 'undelivered', { errorCode: 30003 })).toBe(200);
    await eventually(() => expect(received.slice(before)).toHaveLength(1));
    expect(received[before]).toMatchObject({ type: TwilioMessageEventTypes.Failed, payload: { messageId: sent.id, errorCode: '30003' } });
  });

  it('refuses a callback signed with another token: 401 and no event', async () => {
    const { port } = twilioConnection(emulator, CONNECTION, publicUrl);
    const sent = await port.sendMessage({ channel: 'sms', to: TWILIO_TEST_RECIPIENT, body: 'Forged' });
    const before = received.length;
    expect(await emulator.advance(sent.externalId, 'delivered', { signingToken: '00000000000000000000000000000000' })).toBe(401);
    await new Promise((wait) => setTimeout(wait, 100));
    expect(received.length).toBe(before);
  });
});
