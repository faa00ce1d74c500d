import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, horizontalOverflow, widestElements, launchChromium, screenshotWidths, seriousViolations } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every page of the portal in a real Chromium, served by the gateway: it renders its data, passes axe-core
 * with no serious violation, does not scroll sideways at 360 px, and leaves screenshots at 1280 and 360 px
 * in test-artifacts/portal/.
 */
const PAGES: readonly { path: string; name: string; heading: string; ready: string }[] = [
  { path: '/', name: 'dashboard', heading: 'Live dashboard', ready: '[data-stream-status="live"]' },
  { path: '/crm', name: 'pipeline', heading: 'Pipeline', ready: '.card' },
  { path: '/crm/contacts', name: 'contacts', heading: 'Contacts', ready: '.list a' },
  { path: '/content', name: 'content', heading: 'Content', ready: 'table tbody tr' },
  { path: '/commerce', name: 'commerce', heading: 'Commerce and billing', ready: 'table tbody tr' },
  { path: '/agents', name: 'agents', heading: 'Agents', ready: 'form[aria-label="Start a run"]' },
  { path: '/workflows', name: 'workflows', heading: 'Workflows', ready: '[data-template="deal-won"]' },
  { path: '/connections', name: 'connections', heading: 'Connections', ready: '[data-connection]' },
  { path: '/admin', name: 'admin', heading: 'Admin', ready: '[aria-label="API keys"] tbody tr' },
  { path: '/profile', name: 'profile-api-key', heading: 'Profile', ready: 'main .empty' },
];

describe('portal pages in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePortalBuilt();
    app = await startTestApp();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const origin = () => new URL(app.app.gatewayUrl).origin;

  async function expectAccessibleAndReadable(name: string): Promise<void> {
    expect(await seriousViolations(page), `${name}: serious axe violations`).toEqual([]);
    await screenshotWidths(page, name);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(page), `${name}: scrolls sideways at 360 px (${(await widestElements(page)).join(', ')})`).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('shows the sign-in page to a visitor, accessible at both widths', async () => {
    await page.goto(`${origin()}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to BizOSaaS');
    await expectAccessibleAndReadable('sign-in');
  });

  it('signs in with an API key and serves the pages at their own URLs', async () => {
    await page.getByText('Use an API key instead').click();
    await page.locator('input[name=apiKey]').fill(app.key('acme'));
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect.poll(() => page.locator('header .brand').textContent(), { timeout: 20_000 }).toContain('Acme Software GmbH');
    // The key is an admin's: its roles (from the viewer query) bring the Admin link.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).waitFor({ timeout: 20_000 });
  });

  for (const target of PAGES) {
    it(`${target.path}: renders its data, no serious axe violation, readable at 360 px`, async () => {
      await page.goto(`${origin()}${target.path}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe(target.heading);
      await page.locator(target.ready).first().waitFor({ timeout: 30_000 });
      await expectAccessibleAndReadable(target.name);
    });
  }

  it('opens a contact with deals, orders and invoices on one page', async () => {
    await page.goto(`${origin()}/crm/contacts`);
    await page.locator('.list a').first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Contact');
    for (const section of ['Deals', 'Orders', 'Invoices']) await page.getByRole('heading', { level: 3, name: section }).waitFor();
    await expectAccessibleAndReadable('contact');
  });

  it('moves a deal with the keyboard alone (its stage menu), through updateDealStage', async () => {
    await page.goto(`${origin()}/crm`);
    const card = page.locator('[data-stage="lead"] .card').first();
    const dealId = (await card.getAttribute('data-deal')) ?? '';
    await card.locator('select').focus();
    await page.keyboard.press('ArrowDown'); // lead -> the next stage, selected by the keyboard
    await page.locator(`[data-stage="qualified"] [data-deal="${dealId}"]`).waitFor({ timeout: 20_000 });
    // The card moves at once (optimistic); the server's answer follows.
    const stageOnServer = async () => (await app.gql<{ deal: { stage: { id: string } } }>(app.key('acme'), 'query ($id: ID!) { deal(id: $id) { stage { id } } }', { id: dealId })).data?.deal.stage.id;
    await expect.poll(stageOnServer, { timeout: 20_000 }).toBe('qualified');
  });

  it('publishes a draft: it leaves Drafts and appears under Published', async () => {
    await page.goto(`${origin()}/content`);
    const drafts = page.getByRole('region', { name: 'Drafts', exact: true });
    const firstDraft = drafts.locator('tbody tr').first();
    await firstDraft.waitFor({ timeout: 30_000 });
    const title = ((await firstDraft.locator('td').first().textContent()) ?? '').trim();
    await firstDraft.getByRole('button', { name: /^Publish/ }).click();
    const published = page.getByRole('region', { name: 'Published', exact: true });
    await published.locator('tbody tr', { hasText: title }).first().waitFor({ timeout: 30_000 });
    const { data } = await app.gql<{ contentItems: { nodes: { title: string; status: string }[] } }>(app.key('acme'), '{ contentItems(first: 100, filter: { status: PUBLISHED }) { nodes { title status } } }');
    expect(data?.contentItems.nodes.map((n) => n.title)).toContain(title);
  });

  it('shows an error with its code and request id, and a page that does not exist', async () => {
    await page.goto(`${origin()}/crm/contacts/not-an-id`);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(/Request id [A-Za-z0-9-]{8,}/);
    await page.goto(`${origin()}/no-such-page`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
  });

  it('ran without an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
