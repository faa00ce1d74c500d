import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/browser-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLIENT_ID = 'bizosaas-globex';
const CLIENT_SECRET = 'secret of the scripted provider';

let t: TestApp;
let origin: string;
let idp: Server;
let issuer: string;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let publicJwk: JWK;
/** What the token endpoint answers next, given the sign-in's nonce. */
let mint: (nonce: string) => Promise<string>;
const flows = new Map<string, { nonce: string; challenge: string }>();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (nonce: string) => ({ iss: issuer, aud: CLIENT_ID, sub: 'u-1', email: 'lin@globex-idp.example', email_verified: true, nonce, iat: now(), exp: now() + 300 });
const signed = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

/**
 * A scripted OpenID provider: discovery, JWKS and a token endpoint that checks the client secret and the
 * PKCE verifier, then answers whatever ID token the test scripted, so each kind of bad token reaches the
 * gateway's real callback.
 */
async function startScriptedProvider(): Promise<void> {
  idp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_basic'] });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [publicJwk] });
    if (url.pathname !== '/token' || req.method !== 'POST') return json(404, { error: 'not_found' });
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const basic = Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
      const flow = flows.get(form.get('code') ?? '');
      if (req.headers.authorization !== `Basic ${basic}` || !flow) return json(401, { error: 'invalid_client' });
      if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== flow.challenge) return json(400, { error: 'invalid_grant' });
      mint(flow.nonce).then((idToken) => json(200, { id_token: idToken, access_token: 'x', token_type: 'Bearer' }), () => json(500, {}));
    });
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
}

/** Starts a sign-in, plays the provider's part (a code for this flow), and returns where the callback sends the browser. */
async function signInWith(token: (nonce: string) => Promise<string>, options: { verifierTampered?: boolean } = {}): Promise<{ location: string | null; browser: BrowserSession }> {
  mint = token;
  const browser = new BrowserSession(origin);
  const start = await browser.request('/auth/oidc/start?tenant=globex');
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const code = `code-${flows.size}`;
  flows.set(code, { nonce: authorize.searchParams.get('nonce') ?? '', challenge: options.verifierTampered ? 'not-the-challenge' : (authorize.searchParams.get('code_challenge') ?? '') });
  const callback = await browser.request(`/auth/oidc/callback?code=${code}&state=${authorize.searchParams.get('state')}`);
  return { location: callback.headers.get('location'), browser };
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  await startScriptedProvider();
  t = await startTestApp();
  origin = new URL(t.app.gatewayUrl).origin;
  const configured = await t.gql(t.key('globex'), 'mutation($input: ConfigureSingleSignOnInput!) { configureSingleSignOn(input: $input) { issuer } }', { input: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  expect(configured.errors).toBeUndefined();
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

describe('ID tokens the gateway refuses at the callback', () => {
  it('signs in with a good token (the control case)', async () => {
    const { location, browser } = await signInWith((nonce) => signed(claims(nonce)));
    expect(location).toBe('/');
    expect((await browser.request('/auth/session')).body.user).toMatchObject({ email: 'lin@globex-idp.example', roles: ['viewer'] });
  });

  it('refuses tampered, expired, wrong-audience, alg none and key-confusion tokens, and a wrong PKCE verifier', async () => {
    const refused = '/sign-in?error=SSO_INVALID_TOKEN';
    const tampered = async (nonce: string) => {
      const [header, , signature] = (await signed(claims(nonce))).split('.');
      return `${header}.${b64({ ...claims(nonce), email: 'ceo@globex-idp.example' })}.${signature}`;
    };
    expect((await signInWith(tampered)).location).toBe(refused);
    expect((await signInWith((nonce) => signed({ ...claims(nonce), iat: now() - 7200, exp: now() - 3600 }))).location).toBe(refused);
    expect((await signInWith((nonce) => signed({ ...claims(nonce), aud: 'another-client' }))).location).toBe(refused);
    expect((await signInWith(async (nonce) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(nonce))}.`)).location).toBe(refused);
    const confused = async (nonce: string) => {
      const unsigned = `${b64({ alg: 'HS256', kid: 'k1', typ: 'JWT' })}.${b64(claims(nonce))}`;
      return `${unsigned}.${createHmac('sha256', JSON.stringify(publicJwk)).update(unsigned).digest('base64url')}`;
    };
    expect((await signInWith(confused)).location).toBe(refused);
    expect((await signInWith((nonce) => signed(claims(`${nonce}-other`)))).location).toBe(refused);
    expect((await signInWith((nonce) => signed(claims(nonce)), { verifierTampered: true })).location).toBe('/sign-in?error=SSO_FAILED');

    const log = await t.gql(t.key('globex'), '{ auditLog(first: 50, filter: { action: "auth.sign_in", outcome: "failure" }) { entries { details } } }');
    const reasons = (log.data.auditLog.entries as { details: { reason: string } }[]).map((entry) => entry.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['ID token refused: signature does not verify', 'ID token refused: expired', 'ID token refused: signature algorithm not allowed', 'token exchange failed']));
    expect(reasons.filter((reason) => reason.startsWith('ID token refused'))).toHaveLength(6);
  });
});
