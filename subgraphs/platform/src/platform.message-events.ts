import { MessagingEventTypes, type LoggedEvent, type MessagingEventType } from '@bizosaas/domain';

/** A messaging event as the platform subgraph answers it (`MessageEvent`). */
export interface MessageEventView {
  readonly logged: LoggedEvent;
  readonly kind: 'delivered' | 'failed' | 'received';
  readonly messageId: string;
  readonly errorCode: string | null;
}

/** The provider's callbacks; a send's own event (`MessageSent`) is not part of the `messageEvents` feed yet. */
type CallbackEventType = Exclude<MessagingEventType, typeof MessagingEventTypes.MessageSent>;

const KIND_OF: Readonly<Record<CallbackEventType, MessageEventView['kind']>> = {
  [MessagingEventTypes.MessageDelivered]: 'delivered',
  [MessagingEventTypes.MessageFailed]: 'failed',
  [MessagingEventTypes.MessageReceived]: 'received',
};

/** The event types `messageEvents` carries. */
export const MESSAGE_EVENT_TYPES: readonly CallbackEventType[] = [MessagingEventTypes.MessageDelivered, MessagingEventTypes.MessageFailed, MessagingEventTypes.MessageReceived];

function isMessagingType(type: string): type is CallbackEventType {
  return type in KIND_OF;
}

/** The view of a logged messaging event, or null when it is of another type or lacks its message id. */
export function messageEvent(logged: LoggedEvent | null): MessageEventView | null {
  if (!logged || !isMessagingType(logged.event.type)) return null;
  const payload: unknown = logged.event.payload;
  if (typeof payload !== 'object' || payload === null) return null;
  const messageId = 'messageId' in payload && typeof payload.messageId === 'string' ? payload.messageId : undefined;
  if (!messageId) return null;
  const errorCode = 'errorCode' in payload && typeof payload.errorCode === 'string' ? payload.errorCode : null;
  return { logged, kind: KIND_OF[logged.event.type], messageId, errorCode };
}
