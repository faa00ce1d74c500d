import Provider from 'oidc-provider';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/browser-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLIENT_ID = 'bizosaas-acme';
const CLIENT_SECRET = 'client secret of the test provider';
const CONFIGURE = `mutation($input: ConfigureSingleSignOnInput!) { configureSingleSignOn(input: $input) { issuer clientId defaultRole startPath } }`;

let t: TestApp;
let origin: string;
let idp: Server;
let issuer: string;

/** A real OpenID provider (npm oidc-provider) on loopback, with its development login and consent pages. */
async function startProvider(redirectUri: string): Promise<void> {
  idp = createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The login name decides the account: "ada" has a verified email, "unverified" does not.
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@acme-idp.example`, email_verified: id !== 'unverified', name: `${id} from the provider` }),
    }),
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['cookie signing key of the test provider'] },
  });
  idp.on('request', provider.callback());
}

/** Logs `login` in at the provider and consents, following redirects until the provider sends the browser back. */
async function throughProvider(authorizationUrl: string, login: string): Promise<URL> {
  const browser = new BrowserSession(issuer);
  let location = new URL(authorizationUrl);
  for (let hop = 0; hop < 12; hop += 1) {
    if (location.origin !== issuer) return location;
    const uid = /^\/interaction\/([^/]+)$/.exec(location.pathname)?.[1];
    const response = uid
      ? await browser.request(`/interaction/${uid}`, { form: (await browser.request(location.pathname)).body.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' } })
      : await browser.request(`${location.pathname}${location.search}`);
    const next = response.headers.get('location');
    if (!next) throw new Error(`the provider answered ${response.status} at ${location.pathname}`);
    location = new URL(next, issuer);
  }
  throw new Error('too many redirects at the provider');
}

async function signInWithProvider(login: string): Promise<{ browser: BrowserSession; callback: { status: number; headers: Headers } }> {
  const browser = new BrowserSession(origin);
  const start = await browser.request('/auth/oidc/start?tenant=acme');
  expect(start.status).toBe(302);
  const back = await throughProvider(start.headers.get('location') ?? '', login);
  const callback = await browser.request(`${back.pathname}${back.search}`);
  return { browser, callback };
}

beforeAll(async () => {
  t = await startTestApp();
  origin = new URL(t.app.gatewayUrl).origin;
  await startProvider(`${t.app.platform.config.publicUrl}/auth/oidc/callback`);
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

describe('single sign-on with OpenID Connect', () => {
  it('checks the issuer when an admin configures it, and keeps the secret out of every answer', async () => {
    const bad = await t.gql(t.key('acme'), CONFIGURE, { input: { issuer: 'http://idp.example.com', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    expect(bad.errors?.[0]?.message).toContain('issuer');
    const configured = await t.gql(t.key('acme'), CONFIGURE, { input: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: 'editor' } });
    expect(configured.data.configureSingleSignOn).toEqual({ issuer, clientId: CLIENT_ID, defaultRole: 'editor', startPath: '/auth/oidc/start?tenant=acme' });
    expect(JSON.stringify(configured)).not.toContain(CLIENT_SECRET);
  });

  it('signs a person in through the provider (code + PKCE + state + nonce) and creates them by verified email', async () => {
    const { browser, callback } = await signInWithProvider('ada');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/');
    const session = await browser.request('/auth/session');
    expect(session.body.user).toMatchObject({ email: 'ada@acme-idp.example', roles: ['editor'], tenant: { slug: 'acme' } });
    // A second sign-in finds the same user.
    const again = await signInWithProvider('ada');
    expect((await again.browser.request('/auth/session')).body.user.id).toBe(session.body.user.id);

    const log = await t.gql(t.key('acme'), '{ auditLog(first: 20, filter: { action: "auth.sign_in" }) { entries { actorId outcome details } } }');
    expect(log.data.auditLog.entries).toContainEqual({ actorId: session.body.user.id, outcome: 'success', details: { method: 'oidc' } });
  });

  it('refuses an unverified email, a callback without the browser\'s flow cookie, and a replayed callback', async () => {
    const unverified = await signInWithProvider('unverified');
    expect(unverified.callback.headers.get('location')).toBe('/sign-in?error=SSO_EMAIL_NOT_VERIFIED');
    expect(unverified.browser.cookies.has('bizosaas_session')).toBe(false);

    const browser = new BrowserSession(origin);
    const start = await browser.request('/auth/oidc/start?tenant=acme');
    const back = await throughProvider(start.headers.get('location') ?? '', 'ada');
    const elsewhere = await new BrowserSession(origin).request(`${back.pathname}${back.search}`);
    expect(elsewhere.headers.get('location')).toBe('/sign-in?error=SSO_STATE_MISMATCH');
    const first = await browser.request(`${back.pathname}${back.search}`);
    expect(first.headers.get('location')).toBe('/');
    const cookie = browser.cookies.get('bizosaas_session');
    const replay = new BrowserSession(origin);
    replay.cookies.set('bizosaas_oidc', new URL(back).searchParams.get('state') ?? '');
    expect((await replay.request(`${back.pathname}${back.search}`)).headers.get('location')).toBe('/sign-in?error=SSO_EXPIRED');
    expect(cookie).toBeTruthy();
  });

  it('sends a tenant without single sign-on back to the sign-in page', async () => {
    const response = await new BrowserSession(origin).request('/auth/oidc/start?tenant=globex');
    expect(response.headers.get('location')).toBe('/sign-in?error=SSO_NOT_CONFIGURED');
  });
});
