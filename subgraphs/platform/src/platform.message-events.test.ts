import { createEvent, MessagingEventTypes, type LoggedEvent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { messageEvent } from './platform.message-events.js';

const logged = (type: string, payload: unknown): LoggedEvent => ({ cursor: '7-0', event: createEvent(type, payload, { tenantId: 't1', source: 'webhook:twilio' }) });

describe('messageEvent', () => {
  it('reads the kind, the message id and a failure\'s error code', () => {
    const base = { messageId: 'msg-1', externalId: 'SM1', to: '+15005550010', from: '+15005550006' };
    expect(messageEvent(logged(MessagingEventTypes.MessageDelivered, { ...base, status: 'delivered' }))).toMatchObject({ kind: 'delivered', messageId: 'msg-1', errorCode: null });
    expect(messageEvent(logged(MessagingEventTypes.MessageFailed, { ...base, status: 'failed', errorCode: '30003' }))).toMatchObject({ kind: 'failed', errorCode: '30003' });
    expect(messageEvent(logged(MessagingEventTypes.MessageReceived, { ...base, status: 'received', body: 'STOP' }))).toMatchObject({ kind: 'received', messageId: 'msg-1' });
  });

  it('answers null for other event types, a payload without a message id, and no event', () => {
    expect(messageEvent(logged('crm.deal.created.v1', { messageId: 'msg-1' }))).toBeNull();
    expect(messageEvent(logged(MessagingEventTypes.MessageDelivered, { status: 'delivered' }))).toBeNull();
    expect(messageEvent(null)).toBeNull();
  });
});
