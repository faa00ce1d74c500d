import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { messageFromRow, toE164 } from './sandbox-messaging.mapping.js';
import { parseMessageRow } from './sandbox-messaging.rows.js';

const ids = new EntityIds('conn-1');
const created = new Date('2024-04-02T07:45:00.000Z');
const row = {
  dataset: 'demo', id: 'SM0123', seq: '12', channel: 'whatsapp', direction: 'inbound', from_number: '+442079460107', to_number: '+447700900123',
  body: 'Thanks, see you then.', status: 'received', error_message: null, idempotency_key: null, created_at: created, updated_at: '2024-04-02T07:45:00.000Z',
};

describe('sandbox messaging mapping', () => {
  it('maps a message row field by field with a connection-scoped id', () => {
    const message = messageFromRow(parseMessageRow(row), ids);
    expect(message).toMatchObject({
      externalId: 'SM0123', channel: 'whatsapp', direction: 'inbound', from: '+442079460107', to: '+447700900123', body: 'Thanks, see you then.',
      status: 'received', errorMessage: null, source: { provider: 'sandbox', connectionId: 'conn-1' }, createdAt: created,
    });
    expect(message.updatedAt.getTime()).toBe(created.getTime());
    expect(ids.decode('Message', message.id)).toBe('SM0123');
    expect(new EntityIds('conn-2').decode('Message', message.id)).toBeUndefined();
  });

  it('rejects a malformed row naming the fields, not the values', () => {
    expect(() => parseMessageRow({ ...row, status: 'bounced', to_number: 7 })).toThrow(
      expect.objectContaining({ code: 'invalid_response', message: expect.stringContaining('to_number, status') }),
    );
  });
});

describe('toE164', () => {
  it.each([
    ['+44 20 7946 0107', '+442079460107'],
    ['+1 312 555 0101', '+13125550101'],
    ['+1 (312) 555-0101', '+13125550101'],
    [' +49.30.901820 ', '+4930901820'],
  ])('converts %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each(['020 7946 0107', '+0 312 555 0101', '+1234', '+1 312 555 0101 ext 4', ''])('answers null for %j', (input) => {
    expect(toE164(input)).toBeNull();
  });
});
