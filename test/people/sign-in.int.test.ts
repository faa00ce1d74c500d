import { hotp, totpStep } from '@bizosaas/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/browser-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const INVITE = 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id email role url expiresAt } }';
const PASSWORD = 'a long and unusual passphrase 7';

let t: TestApp;
let origin: string;

function admin() {
  const acme = t.app.demoTenants.find((tenant) => tenant.slug === 'acme');
  if (!acme) throw new Error('no demo tenant acme');
  return acme.admin;
}

async function signedInAdmin(): Promise<BrowserSession> {
  const browser = new BrowserSession(origin);
  const signIn = await browser.request('/auth/sign-in', { body: { tenant: 'acme', email: admin().email, password: admin().password } });
  expect(signIn.status).toBe(200);
  return browser;
}

async function invite(browser: BrowserSession, email: string, role: string): Promise<string> {
  const invited = await browser.gql(INVITE, { input: { email, role } });
  expect(invited.body.errors).toBeUndefined();
  return new URL(invited.body.data.inviteUser.url as string).searchParams.get('token') ?? '';
}

beforeAll(async () => {
  t = await startTestApp();
  origin = new URL(t.app.gatewayUrl).origin;
});

afterAll(async () => {
  await t?.close();
});

describe('password sign-in with a second factor', () => {
  it('invite, accept, sign in, enrol TOTP, sign out; then the code is required, each code works once, a recovery code once', async () => {
    const adminBrowser = await signedInAdmin();
    const token = await invite(adminBrowser, 'Grace@Example.com', 'editor');

    const grace = new BrowserSession(origin);
    const weak = await grace.request('/auth/invitations/accept', { body: { token, name: 'Grace', password: 'password123' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('password');
    const accepted = await grace.request('/auth/invitations/accept', { body: { token, name: 'Grace Hopper', password: PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'SIGNED_IN', user: { email: 'grace@example.com', roles: ['editor'], mfaEnrolled: false, tenant: { slug: 'acme' } } });
    expect(accepted.headers.getSetCookie().find((c) => c.startsWith('bizosaas_session='))).toMatch(/HttpOnly/);
    const again = await new BrowserSession(origin).request('/auth/invitations/accept', { body: { token, name: 'Mallory', password: PASSWORD } });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INVITATION' } } });

    // Sign in with the password: a new session token (rotated), the old one stops working.
    const before = grace.cookies.get('bizosaas_session');
    const signIn = await grace.request('/auth/sign-in', { body: { tenant: 'acme', email: 'grace@example.com', password: PASSWORD } });
    expect(signIn.body.status).toBe('SIGNED_IN');
    expect(grace.cookies.get('bizosaas_session')).not.toBe(before);
    const stale = new BrowserSession(origin);
    stale.cookies.set('bizosaas_session', before ?? '');
    expect((await stale.request('/auth/session')).status).toBe(401);

    const begun = await grace.gql('mutation { beginTotpEnrolment { otpauthUri secretForManualEntry qrCodeSvg } }');
    expect(Buffer.from((begun.body.data.beginTotpEnrolment.qrCodeSvg as string).replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toMatch(/^<svg /);
    const secret = begun.body.data.beginTotpEnrolment.secretForManualEntry as string;
    expect(begun.body.data.beginTotpEnrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const step = totpStep(Date.now());
    const confirmed = await grace.gql('mutation($code: String!) { confirmTotpEnrolment(code: $code) { recoveryCodes } }', { code: hotp(secret, step) });
    const recoveryCodes = confirmed.body.data.confirmTotpEnrolment.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);

    expect((await grace.request('/auth/sign-out', { method: 'POST', csrf: true })).status).toBe(204);
    expect((await grace.request('/auth/session')).status).toBe(401);

    const password = await grace.request('/auth/sign-in', { body: { tenant: 'acme', email: 'grace@example.com', password: PASSWORD } });
    expect(password.body).toEqual({ status: 'MFA_REQUIRED' });
    expect(grace.cookies.has('bizosaas_session')).toBe(false);
    // The enrolment used this step's code: only a later one (one step of drift ahead) is still good.
    const used = await grace.request('/auth/mfa', { body: { code: hotp(secret, step) } });
    expect(used).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CODE' } } });
    const next = hotp(secret, step + 1);
    const mfa = await grace.request('/auth/mfa', { body: { code: next } });
    expect(mfa.body).toMatchObject({ status: 'SIGNED_IN', user: { mfaEnrolled: true } });

    await grace.request('/auth/sign-out', { method: 'POST', csrf: true });
    await grace.request('/auth/sign-in', { body: { tenant: 'acme', email: 'grace@example.com', password: PASSWORD } });
    expect((await grace.request('/auth/mfa', { body: { code: next } })).body.error.code).toBe('INVALID_CODE');
    expect((await grace.request('/auth/mfa', { body: { code: recoveryCodes[0] } })).body.status).toBe('SIGNED_IN');
    await grace.request('/auth/sign-out', { method: 'POST', csrf: true });
    await grace.request('/auth/sign-in', { body: { tenant: 'acme', email: 'grace@example.com', password: PASSWORD } });
    expect((await grace.request('/auth/mfa', { body: { code: recoveryCodes[0] } })).body.error.code).toBe('INVALID_CODE');
    expect((await grace.request('/auth/mfa', { body: { code: recoveryCodes[1] } })).body.status).toBe('SIGNED_IN');

    const session = await grace.request('/auth/session');
    expect(session.body.user).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', roles: ['editor'], mfaEnrolled: true });

    const log = await adminBrowser.gql('{ auditLog(first: 100) { entries { action outcome actorId actorLabel address details } } }');
    const entries = log.body.data.auditLog.entries as { action: string; outcome: string; actorId: string | null; actorLabel: string | null; address: string | null }[];
    const graceId = session.body.user.id as string;
    const of = (action: string, outcome: string) => entries.filter((e) => e.action === action && e.outcome === outcome && e.actorId === graceId);
    expect(of('auth.sign_in', 'success').length).toBeGreaterThanOrEqual(4);
    expect(of('auth.mfa', 'failure').length).toBe(3);
    expect(of('auth.sign_out', 'success').length).toBe(3);
    expect(of('user.mfa_enrolled', 'success')).toHaveLength(1);
    expect(entries.find((e) => e.action === 'user.invite')?.actorLabel).toBeNull();
    expect(entries.find((e) => e.action === 'auth.sign_in')?.address).toBeTruthy();
    const page = await adminBrowser.gql('{ auditLog(first: 2) { entries { id } endCursor hasNextPage } }');
    const older = await adminBrowser.gql('query($after: String) { auditLog(first: 2, after: $after) { entries { id } } }', { after: page.body.data.auditLog.endCursor });
    expect(page.body.data.auditLog.hasNextPage).toBe(true);
    const ids = [...page.body.data.auditLog.entries, ...older.body.data.auditLog.entries].map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(4);
    const graceView = await grace.gql('{ auditLog(first: 1) { endCursor } }');
    expect(graceView.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('needs the CSRF header for session mutations and keeps API keys working without one', async () => {
    const browser = await signedInAdmin();
    const without = await browser.gql('mutation { setMfaRequired(required: false) }', {}, { csrf: false });
    expect(without).toMatchObject({ status: 403, body: { error: { code: 'CSRF_REJECTED' } } });
    const forged = await browser.request('/graphql', { body: { query: 'mutation { setMfaRequired(required: false) }' }, headers: { 'x-csrf-token': 'forged' } });
    expect(forged.status).toBe(403);
    expect((await browser.gql('mutation { setMfaRequired(required: false) }')).body.data).toEqual({ setMfaRequired: false });
    const query = await browser.request('/graphql?query=%7Bme%7Bemail%7D%7D', { headers: { 'apollo-require-preflight': 'true' } });
    expect(query.body.data.me.email).toBe(admin().email);
    const malformed = await fetch(`${origin}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tenant": ' });
    expect(await malformed.json()).toEqual({ error: { code: 'INVALID_JSON', message: 'The body is not valid JSON.' } });
    const form = await fetch(`${origin}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'tenant=acme' });
    expect(form.status).toBe(415);
    const keyed = await t.gql(t.key('acme'), 'mutation { setMfaRequired(required: false) }');
    expect(keyed.data).toEqual({ setMfaRequired: false });
  });

  it('refuses a viewer session any mutation, and never gives an API key more roles than its owner', async () => {
    const adminBrowser = await signedInAdmin();
    const token = await invite(adminBrowser, 'viewer@example.com', 'viewer');
    const viewer = new BrowserSession(origin);
    expect((await viewer.request('/auth/invitations/accept', { body: { token, name: 'Vera Viewer', password: PASSWORD } })).status).toBe(200);

    const write = await viewer.gql('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { email: 'nope@example.org' } });
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const inviteAttempt = await viewer.gql(INVITE, { input: { email: 'x@example.com', role: 'admin' } });
    expect(inviteAttempt.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const above = await viewer.gql('mutation { createApiKey(input: { name: "mine", roles: ["editor"] }) { key } }');
    expect(above.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(above.body.errors?.[0]?.message).toContain('roles');
    const own = await viewer.gql('mutation { createApiKey(input: { name: "mine", roles: ["viewer"] }) { key apiKey { id roles owner { email } } } }');
    expect(own.body.data.createApiKey.apiKey).toMatchObject({ roles: ['viewer'], owner: { email: 'viewer@example.com' } });
    const key = own.body.data.createApiKey.key as string;
    expect((await t.gql(key, '{ me { email } }')).data).toEqual({ me: { email: 'viewer@example.com' } });
    const keyWrite = await t.gql(key, 'mutation { createApiKey(input: { name: "escalate", roles: ["admin"] }) { key } }');
    expect(keyWrite.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const listed = await adminBrowser.gql('{ apiKeys { name roles lastUsedAt owner { email } } }');
    expect(listed.body.data.apiKeys).toContainEqual({ name: 'mine', roles: ['viewer'], lastUsedAt: expect.any(String), owner: { email: 'viewer@example.com' } });

    // Deactivation: the session and the key stop at once; the user and their history stay.
    const users = await adminBrowser.gql('{ users { id email status } }');
    expect(users.body.errors).toBeUndefined();
    const vera = (users.body.data.users as { id: string; email: string }[]).find((u) => u.email === 'viewer@example.com');
    const deactivated = await adminBrowser.gql('mutation($id: ID!) { deactivateUser(id: $id) { status deactivatedAt } }', { id: vera?.id });
    expect(deactivated.body.data.deactivateUser.status).toBe('DEACTIVATED');
    expect((await viewer.request('/auth/session')).status).toBe(401);
    expect((await t.gql(key, '{ me { email } }')).status).toBe(401);
    const denied = await viewer.request('/auth/sign-in', { body: { tenant: 'acme', email: 'viewer@example.com', password: PASSWORD } });
    expect(denied.status).toBe(401);

    const log = await adminBrowser.gql('query($f: AuditLogFilter) { auditLog(first: 50, filter: $f) { entries { actorType actorId target outcome details } } }', { f: { action: 'graphql.mutation', actorId: vera?.id } });
    const mutations = log.body.data.auditLog.entries as { actorType: string; target: string; outcome: string }[];
    expect(mutations).toContainEqual(expect.objectContaining({ actorType: 'user', target: 'createContact', outcome: 'failure' }));
    expect(mutations).toContainEqual(expect.objectContaining({ actorType: 'user', target: 'createApiKey', outcome: 'success' }));
    const byKey = await adminBrowser.gql('{ auditLog(first: 50, filter: { action: "graphql.mutation", outcome: "failure" }) { entries { actorType actorLabel target details } } }');
    expect(byKey.body.data.auditLog.entries).toContainEqual(expect.objectContaining({
      actorType: 'api_key',
      actorLabel: 'mine',
      target: 'createApiKey',
      details: expect.objectContaining({ ownerUserId: vera?.id, ownerEmail: 'viewer@example.com', errorCodes: ['FORBIDDEN'] }),
    }));
  });
});

describe('sign-in throttling', () => {
  it('locks an account after 20 wrong passwords in a minute, and answers the same for an account that does not exist', async () => {
    const run = async (email: string, rightPassword: string) => {
      const browser = new BrowserSession(origin);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await browser.request('/auth/sign-in', { body: { tenant: 'globex', email, password: `wrong password ${i}` } })).status);
      const locked = await browser.request('/auth/sign-in', { body: { tenant: 'globex', email, password: rightPassword } });
      return { statuses, locked };
    };
    const globexAdmin = t.app.demoTenants.find((tenant) => tenant.slug === 'globex')?.admin;
    const real = await run(globexAdmin?.email ?? '', globexAdmin?.password ?? '');
    const ghost = await run('nobody@globex.example', 'whatever it is');
    expect(real.statuses).toEqual(Array.from({ length: 20 }, () => 401));
    expect(ghost.statuses).toEqual(real.statuses);
    expect(real.locked.status).toBe(429);
    expect(real.locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(real.locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(ghost.locked.status).toBe(429);
    expect(Object.keys(ghost.locked.body.error).sort()).toEqual(Object.keys(real.locked.body.error).sort());
    // Other accounts of the tenant are not locked.
    const other = await new BrowserSession(origin).request('/auth/sign-in', { body: { tenant: 'acme', email: admin().email, password: admin().password } });
    expect(other.status).toBe(200);

    const signedIn = await signedInAdmin();
    const failures = await t.gql(t.key('globex'), '{ auditLog(first: 100, filter: { action: "auth.sign_in", outcome: "failure" }) { entries { actorType actorLabel details } } }');
    const entries = failures.data.auditLog.entries as { actorType: string; actorLabel: string; details: { reason: string } }[];
    expect(entries.filter((e) => e.actorType === 'user' && e.details.reason === 'invalid_credentials')).toHaveLength(20);
    expect(entries.filter((e) => e.actorType === 'anonymous' && e.actorLabel === 'nobody@globex.example' && e.details.reason === 'invalid_credentials')).toHaveLength(20);
    expect(entries.filter((e) => e.details.reason === 'throttled')).toHaveLength(2);
    expect(signedIn.cookies.has('bizosaas_session')).toBe(true);
  });
});
