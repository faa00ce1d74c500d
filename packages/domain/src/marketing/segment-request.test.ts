import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors.js';
import { MAX_SEGMENT_MEMBERS } from './campaign.entities.js';
import { parseSegmentRequest } from './segment-request.js';

function fields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSegmentRequest', () => {
  it('trims the tag, parses emails and keeps one member per email (the last wins)', () => {
    const parsed = parseSegmentRequest('  vip ', [{ email: 'Ada@Example.ORG', firstName: 'Ada' }, { email: ' bob@example.org ' }, { email: 'ada@example.org', lastName: 'Lovelace' }]);
    expect(parsed.tag).toBe('vip');
    expect(parsed.members).toEqual([{ email: 'ada@example.org', lastName: 'Lovelace' }, { email: 'bob@example.org' }]);
  });

  it('names every bad field at once', () => {
    expect(fields(() => parseSegmentRequest(' ', []))).toEqual(['tag', 'members']);
    expect(fields(() => parseSegmentRequest('x'.repeat(101), [{ email: 'ok@example.org' }, { email: 'nope' }, { email: 'also bad@x' }]))).toEqual(['tag', 'members[1].email', 'members[2].email']);
    const tooMany = Array.from({ length: MAX_SEGMENT_MEMBERS + 1 }, (_, i) => ({ email: `m${i}@example.org` }));
    expect(fields(() => parseSegmentRequest('big', tooMany))).toEqual(['members']);
  });
});
