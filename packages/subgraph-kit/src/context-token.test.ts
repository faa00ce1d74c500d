import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signContextToken, verifyContextToken, type ContextClaims } from './context-token.js';

const KEY = 'test-signing-key-0123456789abcdef';
const NOW = Date.UTC(2026, 10, 25, 17, 45, 0);
const BODY = '{"query":"{ contacts { totalCount } }"}';
const claims: ContextClaims = { tenantId: 'ten_1', userId: 'key_1', roles: ['admin', 'editor'], requestId: 'req_1' };

/** Builds a token around an arbitrary payload, signed correctly, to reach the claim checks. */
function signRaw(payloadJson: string, key = KEY, version = 'v2'): string {
  const payload = Buffer.from(payloadJson, 'utf8').toString('base64url');
  const signature = createHmac('sha256', key).update(`${version}.${payload}`).digest('base64url');
  return `${version}.${payload}.${signature}`;
}

const wire = (overrides: Record<string, unknown> = {}) => {
  const iat = Math.floor(NOW / 1000);
  const bh = createHash('sha256').update(BODY).digest('base64url');
  return { tid: 'ten_1', sub: 'key_1', roles: ['viewer'], rid: 'req_1', iat, exp: iat + 30, bh, jti: 'jti-0123456789abcdef', aud: 'crm', ...overrides };
};

/** Verification options for the test body and audience at `now`. */
const at = (now: number) => ({ body: BODY, audience: 'crm', now });

describe('context token', () => {
  it('round-trips the claims through sign and verify', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    expect(token.split('.')).toHaveLength(3);
    expect(token.startsWith('v2.')).toBe(true);
    expect(verifyContextToken(token, KEY, at(NOW))).toMatchObject({ ok: true, claims, expiresAtMs: (Math.floor(NOW / 1000) + 35) * 1000 });
  });

  it('refuses a token signed with another key', () => {
    const token = signContextToken(claims, 'another-key', { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    expect(verifyContextToken(token, KEY, at(NOW))).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a missing header', () => {
    expect(verifyContextToken(undefined, KEY, at(NOW))).toEqual({ ok: false, reason: 'missing context header' });
    expect(verifyContextToken('', KEY, at(NOW))).toEqual({ ok: false, reason: 'missing context header' });
  });

  it('accepts an expired token within the 5 s skew and refuses one beyond it', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 10, body: BODY, audience: 'crm', now: NOW }); // exp = NOW + 10 s
    expect(verifyContextToken(token, KEY, at(NOW + 10_000)).ok).toBe(true);
    expect(verifyContextToken(token, KEY, at(NOW + 15_000)).ok).toBe(true); // 5 s past exp: still within skew
    expect(verifyContextToken(token, KEY, at(NOW + 16_000))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyContextToken(token, KEY, at(NOW + 3_600_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts a token issued slightly in the future (skew) and refuses one issued beyond it', () => {
    const fromFastClock = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW + 5_000 });
    expect(verifyContextToken(fromFastClock, KEY, at(NOW)).ok).toBe(true);
    const fromFuture = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW + 6_000 });
    expect(verifyContextToken(fromFuture, KEY, at(NOW))).toEqual({ ok: false, reason: 'issued in the future' });
  });

  it.each([
    ['two parts', 'v1.abc'],
    ['four parts', 'v1.a.b.c'],
    ['one part', 'garbage'],
  ])('refuses a token with %s as malformed', (_label, token) => {
    expect(verifyContextToken(token, KEY, at(NOW))).toEqual({ ok: false, reason: 'malformed context header' });
  });

  it('refuses another version even when correctly signed for it', () => {
    const token = signRaw(JSON.stringify(wire()), KEY, 'v1');
    expect(verifyContextToken(token, KEY, at(NOW))).toEqual({ ok: false, reason: 'malformed context header' });
  });

  it.each([
    ['a non-JSON payload', 'not json {'],
    ['a JSON null payload', 'null'],
    ['a JSON string payload', '"ten_1"'],
    ['a missing tid', JSON.stringify({ ...wire(), tid: undefined })],
    ['an empty tid', JSON.stringify(wire({ tid: '' }))],
    ['a numeric tid', JSON.stringify(wire({ tid: 7 }))],
    ['a missing rid', JSON.stringify({ ...wire(), rid: undefined })],
    ['a string exp', JSON.stringify(wire({ exp: '9999999999' }))],
    ['roles that are not strings', JSON.stringify(wire({ roles: ['admin', 1] }))],
    ['roles that are not an array', JSON.stringify(wire({ roles: 'admin' }))],
    ['no body hash', JSON.stringify({ ...wire(), bh: undefined })],
    ['a short token id', JSON.stringify(wire({ jti: 'x' }))],
    ['no audience', JSON.stringify({ ...wire(), aud: undefined })],
  ])('refuses a correctly signed token with %s as malformed claims', (_label, payload) => {
    expect(verifyContextToken(signRaw(payload), KEY, at(NOW))).toEqual({ ok: false, reason: 'malformed claims' });
  });

  it('checks the signature before reading claims: a tampered payload with the old signature is a bad signature', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    const [version, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify(wire({ tid: 'ten_victim', roles: ['admin'] })), 'utf8').toString('base64url');
    expect(verifyContextToken(`${version}.${forged}.${signature}`, KEY, at(NOW))).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a truncated or altered signature', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    expect(verifyContextToken(token.slice(0, -1), KEY, at(NOW))).toEqual({ ok: false, reason: 'bad signature' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyContextToken(`${token.slice(0, -1)}${last}`, KEY, at(NOW))).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('binds the token to the exact body it was signed for', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    expect(verifyContextToken(token, KEY, { ...at(NOW), body: Buffer.from(BODY) }).ok).toBe(true);
    const other = '{"query":"mutation { deleteEverything }"}';
    expect(verifyContextToken(token, KEY, { ...at(NOW), body: other })).toEqual({ ok: false, reason: 'signed for another request body' });
    expect(verifyContextToken(token, KEY, { ...at(NOW), body: '' })).toEqual({ ok: false, reason: 'signed for another request body' });
  });

  it('binds the token to one subgraph', () => {
    const token = signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW });
    expect(verifyContextToken(token, KEY, { ...at(NOW), audience: 'commerce' })).toEqual({ ok: false, reason: 'signed for another subgraph' });
  });

  it('gives every token its own id, even for the same claims, body and second (across refills of the id pool)', () => {
    const ids = new Set(
      Array.from({ length: 600 }, () => {
        const result = verifyContextToken(signContextToken(claims, KEY, { ttlSeconds: 30, body: BODY, audience: 'crm', now: NOW }), KEY, at(NOW));
        return result.ok ? result.tokenId : 'refused';
      }),
    );
    expect(ids.size).toBe(600);
    expect(ids.has('refused')).toBe(false);
  });
});
