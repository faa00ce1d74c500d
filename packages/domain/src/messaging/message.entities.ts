import type { EntityBase } from '../shared/entity.js';

export type MessageChannel = 'sms' | 'whatsapp';
/** The channel of a message whose sender names none (the graph's `SendMessageInput.channel` documents it). */
export const DEFAULT_MESSAGE_CHANNEL: MessageChannel = 'sms';

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

/** A send as callers ask for it: without a channel, it goes as {@link DEFAULT_MESSAGE_CHANNEL}. */
export interface MessageRequest extends Omit<NewMessage, 'channel'> {
  readonly channel?: MessageChannel | null;
}
