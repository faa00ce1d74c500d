import type { EntityBase } from '../shared/entity.js';

export type MessageChannel = 'sms' | 'whatsapp';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'received';

/** An SMS or chat message (Twilio, sandbox). */
export interface Message extends EntityBase {
  readonly channel: MessageChannel;
  readonly direction: 'outbound' | 'inbound';
  /** E.164 phone numbers. */
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly status: MessageStatus;
  readonly errorMessage: string | null;
}

export interface NewMessage {
  readonly channel: MessageChannel;
  readonly to: string;
  readonly body: string;
}
