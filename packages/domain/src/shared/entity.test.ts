import { describe, expect, it } from 'vitest';
import { EntityIds } from './entity.js';

describe('EntityIds', () => {
  const ids = new EntityIds('con_1');

  it('round-trips an external id through encode and decode', () => {
    const id = ids.encode('Deal', '42');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id).not.toContain('42');
    expect(ids.decode('Deal', id)).toBe('42');
  });

  it('encodes base64url("<Kind>:<connectionId>:<externalId>")', () => {
    expect(Buffer.from(ids.encode('Contact', 'abc'), 'base64url').toString('utf8')).toBe('Contact:con_1:abc');
  });

  it('keeps external ids that contain ":" and other characters intact', () => {
    for (const externalId of ['a:b:c', ':', 'urn:x:1', 'ünïcode/πid', 'with space']) {
      expect(ids.decode('Deal', ids.encode('Deal', externalId))).toBe(externalId);
    }
  });

  it('refuses an id of another kind', () => {
    expect(ids.decode('Contact', ids.encode('Deal', '42'))).toBeUndefined();
    // "Deal" is a prefix of "Deals": the separator must keep them apart.
    expect(ids.decode('Deal', ids.encode('Deals', '42'))).toBeUndefined();
  });

  it('refuses an id minted for another connection', () => {
    expect(ids.decode('Deal', new EntityIds('con_2').encode('Deal', '42'))).toBeUndefined();
  });

  it('refuses ids across connections whose ids are prefixes of each other', () => {
    const con12 = new EntityIds('con_12');
    expect(ids.decode('Deal', con12.encode('Deal', '42'))).toBeUndefined();
    expect(con12.decode('Deal', ids.encode('Deal', '42'))).toBeUndefined();
    // con_1's id for external "2:42" must not be read by con_12 as "42", nor the other way round.
    expect(con12.decode('Deal', ids.encode('Deal', '2:42'))).toBeUndefined();
  });

  it.each(['', 'not base64!', 'abc=', 'a'.repeat(513), '../etc', 'RGVhbDpjb25fMTo'])('refuses the malformed id %j', (id) => {
    expect(ids.decode('Deal', id)).toBeUndefined();
  });

  it('refuses an id whose external id is empty', () => {
    expect(ids.encode('Deal', '')).toBeTruthy();
    expect(ids.decode('Deal', ids.encode('Deal', ''))).toBeUndefined();
  });
});
