import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey, requestFingerprint } from './idempotency-key.js';

describe('parseIdempotencyKey', () => {
  it('takes a quoted structured-field string and a bare token', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toEqual({ ok: true, key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
    expect(parseIdempotencyKey(' abc_123 ')).toEqual({ ok: true, key: 'abc_123' });
  });

  it('refuses empty, too long, spaced or quoted-inside keys, naming the header', () => {
    for (const bad of ['', '""', 'a b', `${'k'.repeat(256)}`, '"a"b"', 'back\\slash']) {
      const parsed = parseIdempotencyKey(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain('Idempotency-Key');
    }
    expect(parseIdempotencyKey('k'.repeat(255)).ok).toBe(true);
  });
});

describe('requestFingerprint', () => {
  it('is equal for the same operation and variables, different when either changes', () => {
    const base = { query: 'mutation { a }', operationName: null, variables: { x: 1 } };
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base }));
    expect(requestFingerprint({ ...base, variables: { x: 2 } })).not.toBe(requestFingerprint(base));
    expect(requestFingerprint({ ...base, query: 'mutation { b }' })).not.toBe(requestFingerprint(base));
  });
});
