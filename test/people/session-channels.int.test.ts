import { hotp, totpStep } from '@bizosaas/platform';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/browser-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let origin: string;

function demoAdmin(slug: 'acme' | 'globex') {
  const tenant = t.app.demoTenants.find((d) => d.slug === slug);
  if (!tenant) throw new Error(`no demo tenant ${slug}`);
  return tenant.admin;
}

/** A graphql-ws client that sends what a browser sends on the upgrade: the cookies and its page's Origin. */
function browserSocket(cookie: string, pageOrigin: string) {
  class BrowserWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: pageOrigin } });
    }
  }
  const events: string[] = [];
  let closed: { code: number; reason: string } | undefined;
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: BrowserWebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => events.push('connected'),
      closed: (event) => {
        closed = event as { code: number; reason: string };
      },
    },
  });
  return { client, events, closed: () => closed };
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  origin = new URL(t.app.gatewayUrl).origin;
});

afterAll(async () => {
  await t?.close();
});

describe('sessions over WebSocket', () => {
  it('accepts the session cookie from the same origin, refuses it cross-site, and closes the socket at sign-out', async () => {
    const browser = new BrowserSession(origin);
    await browser.request('/auth/sign-in', { body: { tenant: 'acme', email: demoAdmin('acme').email, password: demoAdmin('acme').password } });
    const cookie = `bizosaas_session=${browser.cookies.get('bizosaas_session')}`;

    const foreign = browserSocket(cookie, 'https://evil.example');
    await until(() => foreign.closed() !== undefined);
    expect(foreign.closed()?.code).toBe(4403);
    expect(foreign.events).toEqual([]);

    const own = browserSocket(cookie, origin);
    await until(() => own.events.includes('connected'));
    expect((await browser.request('/auth/sign-out', { method: 'POST', csrf: true })).status).toBe(204);
    // Open sockets' credentials are checked again every API_KEY_RECHECK_SECONDS (2 s by default).
    await until(() => own.closed() !== undefined);
    expect(own.closed()?.code).not.toBe(1000);
    await own.client.dispose();
    await foreign.client.dispose();
  });
});

describe('a tenant that requires a second factor', () => {
  it('makes a user without one enrol before the first session, then answers the recovery codes once', async () => {
    const admin = demoAdmin('globex');
    const adminBrowser = new BrowserSession(origin);
    expect((await adminBrowser.request('/auth/sign-in', { body: { tenant: 'globex', email: admin.email, password: admin.password } })).body.status).toBe('SIGNED_IN');
    expect((await adminBrowser.gql('mutation { setMfaRequired(required: true) }')).body.data).toEqual({ setMfaRequired: true });

    const browser = new BrowserSession(origin);
    const password = await browser.request('/auth/sign-in', { body: { tenant: 'globex', email: admin.email, password: admin.password } });
    expect(password.body).toEqual({ status: 'MFA_ENROLMENT_REQUIRED' });
    expect(browser.cookies.has('bizosaas_session')).toBe(false);
    expect((await browser.request('/graphql', { body: { query: '{ me { email } }' } })).status).toBe(401);

    const enrolment = await browser.request('/auth/mfa/enrolment', { body: {} });
    const secret = enrolment.body.secretForManualEntry as string;
    expect(enrolment.body.otpauthUri).toContain(encodeURIComponent(admin.email));
    const wrong = await browser.request('/auth/mfa/enrolment/confirm', { body: { code: '000000' === hotp(secret, totpStep(Date.now())) ? '111111' : '000000' } });
    expect(wrong.status).toBe(400);
    const confirmed = await browser.request('/auth/mfa/enrolment/confirm', { body: { code: hotp(secret, totpStep(Date.now())) } });
    expect(confirmed.body).toMatchObject({ status: 'SIGNED_IN', user: { mfaEnrolled: true } });
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await browser.request('/auth/session')).body.user.email).toBe(admin.email);

    const next = new BrowserSession(origin);
    expect((await next.request('/auth/sign-in', { body: { tenant: 'globex', email: admin.email, password: admin.password } })).body).toEqual({ status: 'MFA_REQUIRED' });
    expect((await next.request('/auth/mfa', { body: { code: confirmed.body.recoveryCodes[0] } })).body.status).toBe('SIGNED_IN');
  });
});
