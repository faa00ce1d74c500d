import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, ensurePortalBuilt, launchChromium, screenshotWidths, seriousViolations, signInWithPassword } from '../support/browser.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The "done when", as far as the server side exists: a person signs in, connects the sandbox CRM
 * through the generated form, drags a deal to another stage, and a second browser's live dashboard shows
 * it; that dashboard, its network cut for 5 s and restored, shows every event exactly once. Both browsers
 * reach the gateway through a TCP proxy the test can cut.
 */
describe('portal live: connect, drag a deal, dashboards across a network cut', () => {
  let app: TestApp;
  let proxy: TcpProxy;
  let browser: Browser;
  let editor: Page;
  let dashboard: Page;
  const STAGES = ['lead', 'qualified', 'proposal', 'negotiation'];

  beforeAll(async () => {
    ensurePortalBuilt();
    app = await startTestApp();
    proxy = await startTcpProxy(Number(new URL(app.app.gatewayUrl).port));
    browser = await launchChromium();
    // Two contexts: two people with nothing shared (cookies, storage, sockets).
    editor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    dashboard = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.close();
  });

  /** The demo admin of acme: a person with a password, so both browsers hold session cookies (and the socket too). */
  const signIn = async (page: Page) => {
    const acme = app.app.demoTenants.find((t) => t.slug === 'acme');
    if (!acme) throw new Error('no acme demo tenant');
    await signInWithPassword(page, proxy.origin, { tenant: 'acme', email: acme.admin.email, password: acme.admin.password });
    await page.locator('header .who').waitFor({ timeout: 30_000 });
  };
  const dealsMoved = async () => Number(await dashboard.locator('[data-figure="deals-moved"]').textContent());
  const eventIds = async () => dashboard.locator('[data-event-id]').evaluateAll((items) => items.map((item) => item.getAttribute('data-event-id')));

  /** Moves `count` deals one stage on through the API (not through the proxy), as another client would. */
  async function moveDealsByApi(count: number): Promise<void> {
    const { data } = await app.gql<{ deals: { nodes: { id: string; stage: { id: string } }[] } }>(app.key('acme'), '{ deals(first: 50) { nodes { id stage { id } } } }');
    const open = (data?.deals.nodes ?? []).filter((deal) => STAGES.includes(deal.stage.id)).slice(0, count);
    expect(open.length).toBe(count);
    for (const deal of open) {
      const next = STAGES[(STAGES.indexOf(deal.stage.id) + 1) % STAGES.length];
      const moved = await app.gql(app.key('acme'), 'mutation ($id: ID!, $stageId: ID!) { updateDealStage(id: $id, stageId: $stageId) { id } }', { id: deal.id, stageId: next });
      expect(moved.errors).toBeUndefined();
    }
  }

  it('signs in with a password and connects the sandbox CRM with the form generated from its fields', async () => {
    await signIn(editor);
    await editor.goto(`${proxy.origin}/connections`);
    await editor.getByRole('button', { name: 'Connect Sandbox CRM (crm)' }).click();
    const form = editor.getByRole('form', { name: 'Connect Sandbox CRM' });
    await form.getByLabel('Dataset (required)').fill('portal-e2e');
    await form.getByLabel('Demo profile').fill('acme');
    await form.getByLabel('API key (required)').fill('sandbox_0123456789abcdef');
    await screenshotWidths(editor, 'connect-form');
    await form.getByRole('button', { name: 'Connect Sandbox CRM' }).click();
    await editor.getByRole('heading', { name: 'Connect Sandbox CRM' }).waitFor({ state: 'detached', timeout: 30_000 });
    const { data } = await app.gql<{ connections: { port: string; provider: string; status: string; settings: { dataset?: string } }[] }>(app.key('acme'), '{ connections { port provider status settings } }');
    expect(data?.connections.find((c) => c.port === 'CRM')).toMatchObject({ provider: 'sandbox', status: 'ACTIVE', settings: { dataset: 'portal-e2e' } });
  });

  it('shows a connection that needs re-authorisation and reconnects it from its prefilled form', async () => {
    const crm = (await app.app.platform.connections.listByTenant(app.tenantId('acme'))).find((c) => c.port === 'crm');
    if (!crm) throw new Error('no CRM connection');
    // What a connector does when the provider refuses its refresh token.
    await app.app.platform.connections.markStatus(crm.id, 'needs_reauth', 'The refresh token was revoked at the provider.');
    await editor.goto(`${proxy.origin}/connections`);
    const item = editor.locator('[data-connection="crm-sandbox"]', { hasText: 'Needs re-authorisation' });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.textContent()).toContain('The refresh token was revoked at the provider.');
    await screenshotWidths(editor, 'connections-needs-reauth');
    await item.getByRole('button', { name: /^Reconnect/ }).click();
    const form = editor.getByRole('form', { name: 'Connect Sandbox CRM' });
    expect(await form.getByLabel('Dataset (required)').inputValue()).toBe('portal-e2e');
    expect(await form.getByLabel('API key (required)').inputValue()).toBe('');
    await form.getByLabel('API key (required)').fill('sandbox_0123456789abcdef');
    await form.getByRole('button', { name: 'Connect Sandbox CRM' }).click();
    await editor.locator('[data-connection="crm-sandbox"]', { hasText: 'Needs re-authorisation' }).waitFor({ state: 'detached', timeout: 30_000 });
    const { data } = await app.gql<{ connections: { port: string; status: string }[] }>(app.key('acme'), '{ connections { port status } }');
    expect(data?.connections.find((c) => c.port === 'CRM')?.status).toBe('ACTIVE');
  });

  it("drags a deal to another stage and a second browser's live dashboard shows it", async () => {
    await signIn(dashboard);
    await dashboard.locator('[data-stream-status="live"]').waitFor({ timeout: 30_000 });
    expect(await dealsMoved()).toBe(0);

    await editor.goto(`${proxy.origin}/crm`);
    const card = editor.locator('[data-stage="lead"] .card').first();
    await card.waitFor({ timeout: 30_000 });
    const dealId = (await card.getAttribute('data-deal')) ?? '';
    const droppedAt = Date.now();
    // Grab the card by its title and drop on the column's heading (a column is as tall as the longest one).
    await card.dragTo(editor.locator('[data-stage="proposal"]'), { sourcePosition: { x: 10, y: 10 }, targetPosition: { x: 20, y: 20 } });
    await editor.locator(`[data-stage="proposal"] [data-deal="${dealId}"]`).waitFor({ timeout: 10_000 });

    await expect.poll(dealsMoved, { timeout: 15_000, interval: 50 }).toBe(1);
    const latencyMs = Date.now() - droppedAt;
    expect(await dashboard.locator('[data-event-id] code').first().textContent()).toBe('crm.deal.stage_changed.v1');
    expect(await dashboard.locator('[data-event-id]').first().textContent()).toContain('Deal moved from lead to proposal');
    const stage = await app.gql<{ deal: { stage: { id: string } } }>(app.key('acme'), 'query ($id: ID!) { deal(id: $id) { stage { id } } }', { id: dealId });
    expect(stage.data?.deal.stage.id).toBe('proposal');
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'drag-to-dashboard-latency.txt'), `drop to second dashboard: ${latencyMs} ms (goal: within 1 s)\n`);
    console.log(`portal e2e: drag -> second dashboard in ${latencyMs} ms`);
    await screenshotWidths(dashboard, 'dashboard-after-drag');
  });

  it('a dashboard whose network is cut for 5 s and restored shows every event once', async () => {
    await moveDealsByApi(3);
    await expect.poll(dealsMoved, { timeout: 15_000 }).toBe(4);

    proxy.cut();
    await dashboard.locator('[data-stream-status="reconnecting"]').waitFor({ timeout: 15_000 });
    const cutAt = Date.now();
    await moveDealsByApi(3);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5_000 - (Date.now() - cutAt))));
    expect(await dealsMoved()).toBe(4);
    proxy.restore();
    await moveDealsByApi(3);

    await expect.poll(dealsMoved, { timeout: 30_000 }).toBe(10);
    // Settled: nothing more arrives late (a duplicate replay would).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await dealsMoved()).toBe(10);
    const ids = await eventIds();
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    await screenshotWidths(dashboard, 'dashboard-after-network-cut');
  });

  it("a dashboard opened later shows today's events from the query, then counts new ones once", async () => {
    const later = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    try {
      await signIn(later);
      await later.locator('[data-stream-status="live"]').waitFor({ timeout: 30_000 });
      const figure = async (page: Page) => Number(await page.locator('[data-figure="deals-moved"]').textContent());
      // The ten moves of the tests above happened today: read by query, not seen live by this page.
      expect(await figure(later)).toBe(10);
      const since = (await later.locator('[data-since]').getAttribute('data-since')) ?? '';
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      expect(since).toBe(midnight.toISOString());
      await moveDealsByApi(1);
      await expect.poll(() => figure(later), { timeout: 15_000 }).toBe(11);
      await expect.poll(dealsMoved, { timeout: 15_000 }).toBe(11);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await figure(later)).toBe(11);
      const ids = await later.locator('[data-event-id]').evaluateAll((items) => items.map((item) => item.getAttribute('data-event-id')));
      expect(ids).toHaveLength(11);
      expect(new Set(ids)).toEqual(new Set(await eventIds()));
      expect(await seriousViolations(later)).toEqual([]);
      await screenshotWidths(later, 'dashboard-today-from-query');
    } finally {
      await later.context().close();
    }
  });

  it('installs its service worker; offline, the cached shell opens and shows no data as current', async () => {
    await dashboard.goto(`${proxy.origin}/crm`);
    await dashboard.locator('.card').first().waitFor({ timeout: 30_000 });
    const controlled = () => dashboard.evaluate('navigator.serviceWorker.ready.then(() => Boolean(navigator.serviceWorker.controller))');
    await expect.poll(controlled, { timeout: 30_000 }).toBe(true);

    proxy.cut();
    await dashboard.reload();
    await dashboard.getByRole('heading', { name: 'BizOSaaS is offline' }).waitFor({ timeout: 30_000 });
    expect(await dashboard.locator('.card').count()).toBe(0);
    expect(await seriousViolations(dashboard)).toEqual([]);
    await screenshotWidths(dashboard, 'offline');

    proxy.restore();
    await dashboard.getByRole('button', { name: 'Try again' }).click();
    await dashboard.locator('header .who').waitFor({ timeout: 30_000 });
    await dashboard.locator('.card').first().waitFor({ timeout: 30_000 });
  }, 180_000);
});
