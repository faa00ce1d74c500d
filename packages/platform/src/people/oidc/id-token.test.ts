import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateIdToken } from './id-token.js';

const ISSUER = 'https://idp.example.com';
const CLIENT = 'bizosaas-client';
const NONCE = 'nonce-of-this-sign-in';

let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let publicJwk: JWK;
let keys: ReturnType<typeof createLocalJWKSet>;

function claims(overrides: Record<string, unknown> = {}) {
  return { email: 'ada@example.com', email_verified: true, nonce: NONCE, ...overrides };
}

async function signed(overrides: Record<string, unknown> = {}, options: { audience?: string; expiresIn?: string | number; issuedAt?: number } = {}) {
  return new SignJWT(claims(overrides))
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject('user-1')
    .setAudience(options.audience ?? CLIENT)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(privateKey);
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const expected = { issuer: ISSUER, audience: CLIENT, nonce: NONCE };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  keys = createLocalJWKSet({ keys: [publicJwk] });
});

describe('validateIdToken', () => {
  it('accepts a token signed by the provider for this client and sign-in', async () => {
    const result = await validateIdToken(await signed(), keys, expected);
    expect(result).toMatchObject({ ok: true, claims: { email: 'ada@example.com', sub: 'user-1' } });
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await signed()).split('.');
    const forged = `${header}.${b64({ ...claims({ email: 'mallory@example.com' }), iss: ISSUER, aud: CLIENT, sub: 'user-1', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 })}.${signature}`;
    expect(await validateIdToken(forged, keys, expected)).toEqual({ ok: false, reason: 'signature does not verify' });
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect(await validateIdToken(await signed({}, { issuedAt: past, expiresIn: past + 300 }), keys, expected)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token for another client, another issuer or another sign-in', async () => {
    expect(await validateIdToken(await signed({}, { audience: 'someone-else' }), keys, expected)).toMatchObject({ ok: false, reason: expect.stringContaining('aud') });
    expect(await validateIdToken(await signed(), keys, { ...expected, issuer: 'https://other.example.com' })).toMatchObject({ ok: false, reason: expect.stringContaining('iss') });
    expect(await validateIdToken(await signed({ nonce: 'replayed' }), keys, expected)).toEqual({ ok: false, reason: 'nonce does not match this sign-in' });
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iss: ISSUER, aud: CLIENT, sub: 'user-1', iat: now, exp: now + 300 })}.`;
    expect(await validateIdToken(unsigned, keys, expected)).toEqual({ ok: false, reason: 'signature algorithm not allowed' });
  });

  it('refuses key confusion: HS256 with the provider\'s public key as the secret', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
    const payload = b64({ ...claims(), iss: ISSUER, aud: CLIENT, sub: 'user-1', iat: now, exp: now + 300 });
    const secret = JSON.stringify(publicJwk);
    const mac = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(await validateIdToken(`${header}.${payload}.${mac}`, keys, expected)).toEqual({ ok: false, reason: 'signature algorithm not allowed' });
  });
});
