import type { DomainEvent } from '../events/domain-event.js';

/** Messaging events; a messaging provider's callbacks (Twilio's status callback, incoming messages) publish them. */
export const MessagingEventTypes = {
  MessageSent: 'messaging.message.sent.v1',
  MessageDelivered: 'messaging.message.delivered.v1',
  MessageFailed: 'messaging.message.failed.v1',
  MessageReceived: 'messaging.message.received.v1',
} as const;

interface MessageEventBase {
  /** Canonical Message id of the connection that received the callback. */
  readonly messageId: string;
  /** The provider's id (Twilio's message SID). */
  readonly externalId: string;
  /** E.164 numbers (a `whatsapp:` prefix removed). */
  readonly to: string;
  readonly from: string;
}

/** A send the provider accepted (the messaging service records it with the send, through the outbox). */
export interface MessageSentPayload extends MessageEventBase {
  readonly status: 'queued' | 'sent' | 'delivered' | 'failed';
}

export interface MessageDeliveredPayload extends MessageEventBase {
  readonly status: 'delivered';
}

export interface MessageFailedPayload extends MessageEventBase {
  readonly status: 'failed';
  /** The provider's error code (Twilio's `ErrorCode`, e.g. `30003` unreachable), when it gave one. */
  readonly errorCode: string | null;
}

export interface MessageReceivedPayload extends MessageEventBase {
  readonly status: 'received';
  readonly body: string;
}

/** Event type -> payload, for publishers and subscribers of messaging events. */
export interface MessagingEventPayloads {
  readonly [MessagingEventTypes.MessageSent]: MessageSentPayload;
  readonly [MessagingEventTypes.MessageDelivered]: MessageDeliveredPayload;
  readonly [MessagingEventTypes.MessageFailed]: MessageFailedPayload;
  readonly [MessagingEventTypes.MessageReceived]: MessageReceivedPayload;
}

export type MessagingEventType = keyof MessagingEventPayloads;

export type MessageSent = DomainEvent<typeof MessagingEventTypes.MessageSent, MessageSentPayload>;
export type MessageDelivered = DomainEvent<typeof MessagingEventTypes.MessageDelivered, MessageDeliveredPayload>;
export type MessageFailed = DomainEvent<typeof MessagingEventTypes.MessageFailed, MessageFailedPayload>;
export type MessageReceived = DomainEvent<typeof MessagingEventTypes.MessageReceived, MessageReceivedPayload>;
