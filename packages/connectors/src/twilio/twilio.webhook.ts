import { webhookReplayKey } from '@bizosaas/connector-kit';
import { ConnectorError, MessagingEventTypes, ValidationError, type ConnectorWebhook, type EntityIds, type MessagingEventPayloads, type MessagingEventType, type WebhookDelivery } from '@bizosaas/domain';
import { MESSAGE_SID, statusFromTwilio, TWILIO_MESSAGE_KIND } from './twilio.mapping.js';
import { E164, TWILIO_PROVIDER } from './twilio.settings.js';
import { verifyTwilioSignature } from './twilio.signature.js';

/** The messaging events Twilio callbacks become (the domain's names, re-exported for the tests). */
export const TwilioMessageEventTypes = {
  Delivered: MessagingEventTypes.MessageDelivered,
  Failed: MessagingEventTypes.MessageFailed,
  Received: MessagingEventTypes.MessageReceived,
} as const;

/** One event of the delivery, checked against the domain's event map. */
function messagingEvent<T extends MessagingEventType>(type: T, payload: MessagingEventPayloads[T]): WebhookDelivery['events'][number] {
  return { type, payload };
}

/** What the webhook receiver needs of a connection. */
export interface TwilioWebhookConnection {
  readonly authToken: string;
  readonly ids: EntityIds;
}

/**
 * Twilio's status callbacks and incoming-message webhooks for `POST /webhooks/<connectionId>`: the
 * signature first (nothing is read before it checks out), then the form. `delivered` becomes
 * `messaging.message.delivered.v1`, `failed`/`undelivered` `...failed.v1` (with Twilio's error code),
 * an incoming message `...received.v1`; the other states (queued, sent...) publish nothing. A delivery is
 * identified by `I-Twilio-Idempotency-Token`, else by the SID and state, so a retried callback publishes once.
 * The token is not signed, so the replay key is the signed SID and state: a captured callback re-sent
 * under a new token publishes nothing either (a message reaches each state once).
 */
export function createTwilioWebhook(connectionOf: (context: Parameters<ConnectorWebhook['receive']>[0]) => TwilioWebhookConnection): ConnectorWebhook {
  return {
    async receive(context, request) {
      const { authToken, ids } = connectionOf(context);
      const form = new URLSearchParams(request.rawBody.toString('utf8'));
      if (!verifyTwilioSignature(authToken, request.url, form, request.headers['x-twilio-signature'])) {
        throw new ConnectorError('unauthorized', TWILIO_PROVIDER, 'The Twilio callback was refused (missing or bad X-Twilio-Signature)');
      }
      return deliveryOf(form, request.headers['i-twilio-idempotency-token'], ids);
    },
  };
}

function field(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') throw new ValidationError([{ field: `body.${name}`, reason: 'is missing from the Twilio callback' }]);
  return value;
}

function deliveryOf(form: URLSearchParams, token: string | undefined, ids: EntityIds): WebhookDelivery {
  const sid = field(form, 'MessageSid');
  if (!MESSAGE_SID.test(sid)) throw new ValidationError([{ field: 'body.MessageSid', reason: 'is not a Twilio message SID' }]);
  const state = form.get('MessageStatus') ?? form.get('SmsStatus') ?? 'received';
  const deliveryId = token !== undefined && /^[\w.-]{1,128}$/.test(token) ? token : `${sid}-${state}`;
  const replayKey = webhookReplayKey(sid, state);
  const status = statusFromTwilio(state);
  const strip = (n: string | null) => (n ?? '').replace(/^whatsapp:/, '');
  const base = { messageId: ids.encode(TWILIO_MESSAGE_KIND, sid), externalId: sid, to: strip(form.get('To')), from: strip(form.get('From')) };
  if (status === 'delivered') return { deliveryId, replayKey, events: [messagingEvent(MessagingEventTypes.MessageDelivered, { ...base, status })] };
  if (status === 'failed') {
    const code = form.get('ErrorCode');
    return { deliveryId, replayKey, events: [messagingEvent(MessagingEventTypes.MessageFailed, { ...base, status, errorCode: code === null || code === '' ? null : code })] };
  }
  if (status === 'received') {
    if (!E164.test(base.from)) throw new ValidationError([{ field: 'body.From', reason: 'is not an E.164 phone number' }]);
    return { deliveryId, replayKey, events: [messagingEvent(MessagingEventTypes.MessageReceived, { ...base, status, body: form.get('Body') ?? '' })] };
  }
  return { deliveryId, replayKey, events: [] };
}
