import { ConnectorError, EntityIds, ValidationError, type ConnectorContext } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { signTwilioRequest, verifyTwilioSignature } from './twilio.signature.js';
import { createTwilioWebhook, TwilioMessageEventTypes } from './twilio.webhook.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const URL_ = 'https://bizosaas.example.com/webhooks/conn-tw';
const SID = `SM${'ab'.repeat(16)}`;
const noDatabase = { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) };
const context: ConnectorContext = { tenantId: 't1', connectionId: 'conn-tw', settings: {}, credentials: {}, sql: noDatabase };
const webhook = createTwilioWebhook(() => ({ authToken: TOKEN, ids: new EntityIds('conn-tw') }));

function request(fields: Record<string, string>, signature?: string) {
  const form = new URLSearchParams(fields);
  return { url: URL_, method: 'POST', rawBody: Buffer.from(form.toString()), headers: { 'x-twilio-signature': signature ?? signTwilioRequest(TOKEN, URL_, form) } };
}

describe('Twilio signatures', () => {
  it('matches the documented example (HMAC-SHA1 over URL and sorted parameters)', () => {
    // Twilio's documented example (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
    const params = new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' });
    expect(signTwilioRequest('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('refuses another token, another URL, a changed parameter and a missing header', () => {
    const form = new URLSearchParams({ MessageSid: SID, MessageStatus: 'delivered' });
    const good = signTwilioRequest(TOKEN, URL_, form);
    expect(verifyTwilioSignature(TOKEN, URL_, form, good)).toBe(true);
    expect(verifyTwilioSignature(`${TOKEN.slice(0, -1)}0`, URL_, form, good)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, `${URL_}x`, form, good)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_, new URLSearchParams({ MessageSid: SID, MessageStatus: 'failed' }), good)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_, form, undefined)).toBe(false);
  });
});

describe('Twilio webhook', () => {
  it('maps a delivered status callback to messaging.message.delivered.v1 with our message id', async () => {
    const delivery = await webhook.receive(context, request({ MessageSid: SID, MessageStatus: 'delivered', To: '+15005550010', From: '+15005550006' }));
    expect(delivery.deliveryId).toBe(`${SID}-delivered`);
    expect(delivery.events).toEqual([{ type: TwilioMessageEventTypes.Delivered, payload: { messageId: new EntityIds('conn-tw').encode('Message', SID), externalId: SID, to: '+15005550010', from: '+15005550006', status: 'delivered' } }]);
  });

  it('keys a callback by its signed SID and state, so a capture re-sent under a new idempotency token is recognisable', async () => {
    const fields = { MessageSid: SID, MessageStatus: 'delivered', To: '+15005550010', From: '+15005550006' };
    const signed = request(fields);
    const first = await webhook.receive(context, { ...signed, headers: { ...signed.headers, 'i-twilio-idempotency-token': 'tok-1' } });
    const resent = await webhook.receive(context, { ...signed, headers: { ...signed.headers, 'i-twilio-idempotency-token': 'tok-2' } });
    expect([first.deliveryId, resent.deliveryId]).toEqual(['tok-1', 'tok-2']);
    expect(resent.replayKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(resent.replayKey).toBe(first.replayKey);
    expect((await webhook.receive(context, request({ ...fields, MessageStatus: 'failed' }))).replayKey).not.toBe(first.replayKey);
  });

  it('maps undelivered to failed with the error code, an incoming message to received, and sent to nothing', async () => {
    const failed = await webhook.receive(context, request({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003', To: '+15005550010', From: '+15005550006' }));
    expect(failed.events[0]).toMatchObject({ type: TwilioMessageEventTypes.Failed, payload: { status: 'failed', errorCode: '30003' } });
    const received = await webhook.receive(context, request({ MessageSid: SID, SmsStatus: 'received', Body: 'STOP', To: '+15005550006', From: 'whatsapp:+4915112345678' }));
    expect(received.events[0]).toMatchObject({ type: TwilioMessageEventTypes.Received, payload: { from: '+4915112345678', body: 'STOP' } });
    expect((await webhook.receive(context, request({ MessageSid: SID, MessageStatus: 'sent' }))).events).toEqual([]);
  });

  it('refuses a bad signature as unauthorized, naming the header and not the token', async () => {
    const error: unknown = await webhook.receive(context, request({ MessageSid: SID, MessageStatus: 'delivered' }, 'bm90IGEgc2lnbmF0dXJl')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('X-Twilio-Signature') });
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('refuses a signed callback without a message SID, naming the field', async () => {
    const error: unknown = await webhook.receive(context, request({ MessageStatus: 'delivered' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['body.MessageSid']);
  });
});
