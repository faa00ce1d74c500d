import type { CommitOptions, Message, MessagingPort, NewMessage, OutboxPort, RecordEvent, UnitContext } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { MessageService } from './outreach.service.js';

const outbox: OutboxPort = {
  async commit<T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, _options?: CommitOptions) {
    return change(() => {}, { idempotencyKey: 'bizosaas-intent-k1' });
  },
};

/** A messaging port that records what it was asked to send. */
function recordingPort() {
  const sent: NewMessage[] = [];
  const port: MessagingPort = {
    provider: 'fakesms',
    async sendMessage(input) {
      sent.push(input);
      const now = new Date();
      return { id: `msg_${sent.length}`, externalId: `SM${sent.length}`, source: { provider: 'fakesms', connectionId: 'con_1' }, createdAt: now, updatedAt: now, ...input, direction: 'outbound', from: '+15005550006', status: 'queued', errorMessage: null } satisfies Message;
    },
    async listMessages() {
      return { items: [], endCursor: null, hasNextPage: false, totalCount: 0 };
    },
    async getMessages(ids) {
      return ids.map(() => null);
    },
  };
  return { port, sent };
}

const editor = { tenantId: 'ten_a', userId: 'usr_1', roles: ['editor'], requestId: 'req_1' };

describe('MessageService.send', () => {
  it('sends as SMS when the caller names no channel, and keeps a named one', async () => {
    const { port, sent } = recordingPort();
    const service = new MessageService(port, editor, outbox);
    expect((await service.send({ to: '+15005550010', body: 'Hi' }, null)).channel).toBe('sms');
    await service.send({ channel: null, to: '+15005550010', body: 'Hi again' }, undefined);
    await service.send({ channel: 'whatsapp', to: '+15005550010', body: 'Chat' }, undefined);
    expect(sent).toEqual([
      { channel: 'sms', to: '+15005550010', body: 'Hi' },
      { channel: 'sms', to: '+15005550010', body: 'Hi again' },
      { channel: 'whatsapp', to: '+15005550010', body: 'Chat' },
    ]);
  });
});
