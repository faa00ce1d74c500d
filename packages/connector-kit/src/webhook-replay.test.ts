import { describe, expect, it } from 'vitest';
import { webhookReplayKey } from './webhook-replay.js';

describe('webhookReplayKey', () => {
  it('is the same for the same parts, whether given as text or bytes', () => {
    const key = webhookReplayKey('orders/create', '{"id":1}');
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(webhookReplayKey('orders/create', Buffer.from('{"id":1}'))).toBe(key);
  });

  it('differs when any part differs, including where one part ends and the next begins', () => {
    const key = webhookReplayKey('orders/create', '{"id":1}');
    expect(webhookReplayKey('orders/paid', '{"id":1}')).not.toBe(key);
    expect(webhookReplayKey('orders/create', '{"id":1} ')).not.toBe(key);
    expect(webhookReplayKey('ab', 'c')).not.toBe(webhookReplayKey('a', 'bc'));
    expect(webhookReplayKey('abc')).not.toBe(webhookReplayKey('ab', 'c'));
  });
});
