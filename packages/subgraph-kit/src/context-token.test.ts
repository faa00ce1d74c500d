import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signContextToken, verifyContextToken, type ContextClaims } from './context-token.js';

const KEY = 'test-signing-key-0123456789abcdef';
const NOW = Date.UTC(2026, 10, 25, 17, 45, 0);
const claims: ContextClaims = { tenantId: 'ten_1', userId: 'key_1', roles: ['admin', 'editor'], requestId: 'req_1' };

/** Builds a token around an arbitrary payload, signed correctly, to reach the claim checks. */
function signRaw(payloadJson: string, key = KEY, version = 'v1'): string {
  const payload = Buffer.from(payloadJson, 'utf8').toString('base64url');
  const signature = createHmac('sha256', key).update(`${version}.${payload}`).digest('base64url');
  return `${version}.${payload}.${signature}`;
}

const wire = (overrides: Record<string, unknown> = {}) => {
  const iat = Math.floor(NOW / 1000);
  return { tid: 'ten_1', sub: 'key_1', roles: ['viewer'], rid: 'req_1', iat, exp: iat + 30, ...overrides };
};

describe('context token', () => {
  it('round-trips the claims through sign and verify', () => {
    const token = signContextToken(claims, KEY, 30, NOW);
    expect(token.split('.')).toHaveLength(3);
    expect(token.startsWith('v1.')).toBe(true);
    expect(verifyContextToken(token, KEY, NOW)).toEqual({ ok: true, claims });
  });

  it('refuses a token signed with another key', () => {
    const token = signContextToken(claims, 'another-key', 30, NOW);
    expect(verifyContextToken(token, KEY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a missing header', () => {
    expect(verifyContextToken(undefined, KEY, NOW)).toEqual({ ok: false, reason: 'missing context header' });
    expect(verifyContextToken('', KEY, NOW)).toEqual({ ok: false, reason: 'missing context header' });
  });

  it('accepts an expired token within the 5 s skew and refuses one beyond it', () => {
    const token = signContextToken(claims, KEY, 10, NOW); // exp = NOW + 10 s
    expect(verifyContextToken(token, KEY, NOW + 10_000).ok).toBe(true);
    expect(verifyContextToken(token, KEY, NOW + 15_000).ok).toBe(true); // 5 s past exp: still within skew
    expect(verifyContextToken(token, KEY, NOW + 16_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyContextToken(token, KEY, NOW + 3_600_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts a token issued slightly in the future (skew) and refuses one issued beyond it', () => {
    const fromFastClock = signContextToken(claims, KEY, 30, NOW + 5_000);
    expect(verifyContextToken(fromFastClock, KEY, NOW).ok).toBe(true);
    const fromFuture = signContextToken(claims, KEY, 30, NOW + 6_000);
    expect(verifyContextToken(fromFuture, KEY, NOW)).toEqual({ ok: false, reason: 'issued in the future' });
  });

  it.each([
    ['two parts', 'v1.abc'],
    ['four parts', 'v1.a.b.c'],
    ['one part', 'garbage'],
  ])('refuses a token with %s as malformed', (_label, token) => {
    expect(verifyContextToken(token, KEY, NOW)).toEqual({ ok: false, reason: 'malformed context header' });
  });

  it('refuses another version even when correctly signed for it', () => {
    const token = signRaw(JSON.stringify(wire()), KEY, 'v2');
    expect(verifyContextToken(token, KEY, NOW)).toEqual({ ok: false, reason: 'malformed context header' });
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
  ])('refuses a correctly signed token with %s as malformed claims', (_label, payload) => {
    expect(verifyContextToken(signRaw(payload), KEY, NOW)).toEqual({ ok: false, reason: 'malformed claims' });
  });

  it('checks the signature before reading claims: a tampered payload with the old signature is a bad signature', () => {
    const token = signContextToken(claims, KEY, 30, NOW);
    const [version, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify(wire({ tid: 'ten_victim', roles: ['admin'] })), 'utf8').toString('base64url');
    expect(verifyContextToken(`${version}.${forged}.${signature}`, KEY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a truncated or altered signature', () => {
    const token = signContextToken(claims, KEY, 30, NOW);
    expect(verifyContextToken(token.slice(0, -1), KEY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyContextToken(`${token.slice(0, -1)}${last}`, KEY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
  });
});
