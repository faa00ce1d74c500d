import { describe, expect, it } from 'vitest';
import { goingAwayReason } from './going-away.js';

describe('goingAwayReason', () => {
  it('names the oldest cursor of the socket\'s subscriptions, by cursor order rather than string order', () => {
    expect(goingAwayReason(['1700000000000-10', null, '1700000000000-9', '1700000000001-0'])).toBe('Server shutting down; resume with after: 1700000000000-9');
    expect(goingAwayReason(['000000000012', '000000000007'])).toBe('Server shutting down; resume with after: 000000000007');
  });

  it('says to subscribe without after when no subscription has a cursor yet', () => {
    expect(goingAwayReason([])).toBe('Server shutting down; subscribe again without after');
    expect(goingAwayReason([null, null])).toBe('Server shutting down; subscribe again without after');
  });

  it('stays within the 123 bytes a close frame allows', () => {
    const reason = goingAwayReason([`${'9'.repeat(20)}-${'9'.repeat(20)}`]);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect(reason).toContain('9'.repeat(20));
  });
});
