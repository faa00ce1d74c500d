import type { EntityIds, Message, MessageStatus } from '@bizosaas/domain';
import type { TwilioMessage } from './twilio.schemas.js';
import { TWILIO_PROVIDER } from './twilio.settings.js';

/** The kind our message ids are minted with. */
export const TWILIO_MESSAGE_KIND = 'Message';

/** A Message SID (SM... for SMS, MM... for MMS). */
export const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;

/**
 * Twilio's thirteen message states folded into ours: still on its way is `queued`, handed to the carrier
 * is `sent`, confirmed on the handset is `delivered`, anything that will never arrive is `failed`.
 */
export function statusFromTwilio(status: string): MessageStatus {
  switch (status) {
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'sent':
    case 'partially_delivered':
      return 'sent';
    case 'failed':
    case 'undelivered':
    case 'canceled':
      return 'failed';
    case 'received':
    case 'receiving':
      return 'received';
    default:
      return 'queued';
  }
}

function dateOf(text: string | null): Date {
  const parsed = text === null ? Number.NaN : Date.parse(text);
  return Number.isNaN(parsed) ? new Date(0) : new Date(parsed);
}

/** `whatsapp:+1...` addresses are WhatsApp; the prefix is not part of the E.164 number. */
function address(value: string | null): { channel: 'sms' | 'whatsapp'; number: string } {
  const text = value ?? '';
  return text.startsWith('whatsapp:') ? { channel: 'whatsapp', number: text.slice('whatsapp:'.length) } : { channel: 'sms', number: text };
}

/** A Twilio Message as ours: pure, fields copied one by one. */
export function messageFromTwilio(raw: TwilioMessage, ids: EntityIds): Message {
  const to = address(raw.to);
  const from = address(raw.from);
  const status = statusFromTwilio(raw.status);
  const failure = raw.error_message ?? (raw.error_code === null ? null : `Twilio error ${raw.error_code}`);
  return {
    id: ids.encode(TWILIO_MESSAGE_KIND, raw.sid),
    externalId: raw.sid,
    source: { provider: TWILIO_PROVIDER, connectionId: ids.connectionId },
    createdAt: dateOf(raw.date_created),
    updatedAt: dateOf(raw.date_updated ?? raw.date_created),
    raw,
    channel: to.channel,
    direction: raw.direction === 'inbound' ? 'inbound' : 'outbound',
    from: from.number,
    to: to.number,
    body: raw.body ?? '',
    status,
    errorMessage: status === 'failed' ? failure : null,
  };
}
