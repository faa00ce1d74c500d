import { hotp, totpStep } from '@bizosaas/platform';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, launchChromium, screenshotWidths, seriousViolations, signInWithPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * People in the portal, against the people branch's /auth endpoints: the demo admin signs in with a
 * password and invites someone; the new user accepts the link, enrols an authenticator on the profile
 * page, signs out, signs in again with password + second factor, and moves a deal (a mutation authenticated
 * by the session cookie, so it must carry the CSRF token). The admin sees them in users and the audit log.
 */
describe('portal people: sign-in, invitation, TOTP enrolment, session mutations', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Page;
  let newcomer: Page;
  const email = 'new.person@acme.example';
  const password = 'correct horse battery staple 42';
  let recoveryCode = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePortalBuilt();
    app = await startTestApp();
    browser = await launchChromium();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    newcomer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const page of [admin, newcomer]) page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const origin = () => new URL(app.app.gatewayUrl).origin;
  const demoAdmin = () => {
    const acme = app.app.demoTenants.find((t) => t.slug === 'acme');
    if (!acme) throw new Error('no acme demo tenant');
    return { tenant: 'acme', email: acme.admin.email, password: acme.admin.password };
  };
  const header = (page: Page) => page.locator('header .who');

  it('refuses a wrong password with the server message, then signs the demo admin in', async () => {
    await signInWithPassword(admin, origin(), { ...demoAdmin(), password: 'not the password' });
    await expect.poll(() => admin.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('INVALID_CREDENTIALS');
    await signInWithPassword(admin, origin(), demoAdmin());
    await expect.poll(() => header(admin).textContent(), { timeout: 20_000 }).toContain(demoAdmin().email);
  });

  it('invites a new user from the admin page and shows the link once', async () => {
    await admin.goto(`${origin()}/admin`);
    const form = admin.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('editor');
    await form.getByRole('button', { name: 'Invite' }).click();
    const link = admin.locator('[data-invitation-url]');
    await link.waitFor({ timeout: 20_000 });
    const url = new URL((await link.textContent()) ?? '');
    expect(url.pathname).toBe('/accept-invitation');
    expect(url.searchParams.get('token')).toBeTruthy();
    // The link's origin is the configured public URL; the page is the same on this gateway's origin.
    await newcomer.goto(`${origin()}/accept-invitation${url.search}`);
    await newcomer.getByRole('heading', { name: 'Join BizOSaaS' }).waitFor();
    expect(await seriousViolations(newcomer)).toEqual([]);
    await screenshotWidths(newcomer, 'accept-invitation');
  });

  it('the new user accepts the invitation and is signed in', async () => {
    const form = newcomer.getByRole('form', { name: 'Accept the invitation' });
    await form.getByLabel('Your name').fill('New Person');
    await form.getByLabel('Choose a password').fill(password);
    await form.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(() => header(newcomer).textContent(), { timeout: 20_000 }).toContain(email);
  });

  it('enrols an authenticator app on the profile page and gets recovery codes once', async () => {
    await newcomer.goto(`${origin()}/profile`);
    await newcomer.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const shown = newcomer.locator('[data-totp-secret]');
    await shown.waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`no TOTP secret on the profile page: ${await newcomer.locator('main').innerText()}`);
    });
    const secret = (await shown.textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await newcomer.getByLabel('Code it shows').fill(hotp(secret, totpStep(Date.now())));
    await newcomer.getByRole('button', { name: 'Confirm' }).click();
    const codes = newcomer.locator('.codes code');
    await codes.first().waitFor({ timeout: 20_000 });
    recoveryCode = (await codes.first().textContent()) ?? '';
    expect(await codes.count()).toBeGreaterThanOrEqual(5);
    expect(await seriousViolations(newcomer)).toEqual([]);
    await screenshotWidths(newcomer, 'profile-recovery-codes');
    await newcomer.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => newcomer.locator('[data-mfa-enrolled]').getAttribute('data-mfa-enrolled'), { timeout: 20_000 }).toBe('true');
  });

  it('signs out, and signs in again with password and then the second factor', async () => {
    await newcomer.getByRole('button', { name: 'Sign out' }).click();
    await newcomer.getByRole('form', { name: 'Sign in with password' }).waitFor({ timeout: 20_000 });
    const session = await newcomer.evaluate("fetch('/auth/session').then((r) => r.status)");
    expect(session).toBe(401);
    await signInWithPassword(newcomer, origin(), { tenant: 'acme', email, password });
    const second = newcomer.getByRole('form', { name: 'Second factor' });
    await second.waitFor({ timeout: 20_000 });
    expect(await seriousViolations(newcomer)).toEqual([]);
    await screenshotWidths(newcomer, 'sign-in-second-factor');
    await second.getByLabel(/Code from your authenticator app/).fill(recoveryCode);
    await second.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => header(newcomer).textContent(), { timeout: 20_000 }).toContain(email);
  });

  it('moves a deal as the signed-in editor: the session mutation carries the CSRF token', async () => {
    await newcomer.goto(`${origin()}/crm`);
    const card = newcomer.locator('[data-stage="lead"] .card').first();
    await card.waitFor({ timeout: 30_000 });
    const dealId = (await card.getAttribute('data-deal')) ?? '';
    await card.locator('select').selectOption('negotiation');
    const stageOnServer = async () => (await app.gql<{ deal: { stage: { id: string } } }>(app.key('acme'), 'query ($id: ID!) { deal(id: $id) { stage { id } } }', { id: dealId })).data?.deal.stage.id;
    await expect.poll(stageOnServer, { timeout: 20_000 }).toBe('negotiation');
    expect(await newcomer.getByRole('alert').count()).toBe(0);
  });

  it('shows the editor no Admin link, and at /admin says the page is for admins and whom to ask', async () => {
    const nav = newcomer.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Pipeline' }).waitFor({ timeout: 20_000 });
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await newcomer.goto(`${origin()}/admin`);
    const notice = newcomer.locator('[data-admins-only]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toMatch(/^Admins only: .*\(yours: editor\), ask an admin of Acme Software GmbH\.$/);
    // Instead of the sections the server would refuse: no failing queries, no admin forms.
    expect(await newcomer.getByRole('alert').count()).toBe(0);
    expect(await newcomer.getByRole('heading', { name: 'API keys' }).count()).toBe(0);
    expect(await newcomer.getByRole('form', { name: 'Invite a user' }).count()).toBe(0);
    expect(await seriousViolations(newcomer)).toEqual([]);
  });

  it("the admin sees the new user with a second factor, and the sign-ins in the audit log", async () => {
    await admin.goto(`${origin()}/admin`);
    expect(await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(1);
    expect(await admin.locator('[data-admins-only]').count()).toBe(0);
    const row = admin.locator(`[data-user="${email}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Yes');
    await expect.poll(async () => (await admin.getByRole('region', { name: 'Audit log entries' }).textContent()) ?? '', { timeout: 20_000 }).toContain('auth.sign_in');
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshotWidths(admin, 'admin-people');
    expect(pageErrors).toEqual([]);
  });
});
