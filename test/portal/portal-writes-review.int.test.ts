import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, horizontalOverflow, launchChromium, screenshotWidths, seriousViolations, signInWithApiKey, signInWithPassword, widestElements } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * External writes set aside for review, in the portal: the demo admin sees acme's NEEDS_REVIEW writes on the
 * connections page, settles one with a note (it leaves the list; the row records who and the note), sees the
 * code, request id and reason when a write cannot be settled (settled meanwhile: it leaves the list too), and
 * the empty state after; a viewer sees no panel.
 */
describe('portal: writes to check (external writes set aside for review)', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Page;
  let viewer: Page;
  const pageErrors: string[] = [];

  /** An intent row as the recovery pass leaves one it cannot decide (see external-writes-review.int.test.ts). */
  async function needsReview(reason: string, input: Record<string, unknown>, createdSecondsAgo: number): Promise<string> {
    const id = randomUUID();
    await app.app.platform.db.query(
      `INSERT INTO external_intents (id, tenant_id, operation, input, idempotency_key, state, lease_until, attempts, last_error, created_at, settled_at)
       VALUES ($1, $2, 'commerce.inventory.update', $3, $4, 'needs_review', now(), 2, $5, now() - make_interval(secs => $6), now())`,
      [id, app.tenantId('acme'), JSON.stringify(input), `bizosaas-intent-${id}`, reason, createdSecondsAgo],
    );
    return id;
  }

  const rowOf = async (id: string) => {
    const [row] = (await app.app.platform.db.query('SELECT state, reviewed_by, review_note FROM external_intents WHERE id = $1', [id])).rows;
    if (row === undefined) throw new Error(`intent ${id} is gone`);
    return row as { state: string; reviewed_by: string | null; review_note: string | null };
  };

  beforeAll(async () => {
    ensurePortalBuilt();
    app = await startTestApp();
    browser = await launchChromium();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    viewer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const page of [admin, viewer]) page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const origin = () => new URL(app.app.gatewayUrl).origin;
  const panel = (page: Page) => page.getByRole('region', { name: 'Writes to check' });
  const item = (id: string) => admin.locator(`[data-external-write="${id}"]`);
  let settled = '';
  let taken = '';

  it('lists the tenant admin a write to check with its operation, reason, ids and time, accessible and readable at 360 px', async () => {
    settled = await needsReview('check the level of var-7 at woocommerce', { variantId: 'var-7', change: { adjustBy: -3 }, email: 'buyer@example.org' }, 120);
    taken = await needsReview('check the level of var-8 at woocommerce', { variantId: 'var-8', change: { adjustBy: 1 } }, 60);
    const acme = app.app.demoTenants.find((t) => t.slug === 'acme');
    if (!acme) throw new Error('no acme demo tenant');
    await signInWithPassword(admin, origin(), { tenant: 'acme', email: acme.admin.email, password: acme.admin.password });
    await expect.poll(() => admin.locator('header .who').textContent(), { timeout: 20_000 }).toContain(acme.admin.email);

    await admin.goto(`${origin()}/connections`);
    await item(settled).waitFor({ timeout: 30_000 });
    const text = (await item(settled).textContent()) ?? '';
    expect(text).toContain('commerce.inventory.update');
    expect(text).toContain('check the level of var-7 at woocommerce');
    expect(text).toContain('variantId var-7');
    expect(text).toContain(settled);
    expect(text).not.toContain('buyer@example.org');
    expect(text).toMatch(/\d{1,4}.\d{1,2}.\d{1,4}/); // when, in the browser's locale
    // Newest first.
    const order = await panel(admin).locator('[data-external-write]').evaluateAll((items) => items.map((e) => e.getAttribute('data-external-write')));
    expect(order).toEqual([taken, settled]);

    expect(await seriousViolations(admin)).toEqual([]);
    await screenshotWidths(admin, 'connections-writes-to-check');
    await admin.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(admin), `scrolls sideways at 360 px (${(await widestElements(admin)).join(', ')})`).toBeLessThanOrEqual(0);
    await admin.setViewportSize({ width: 1280, height: 900 });
  });

  it('settles a write as "It had no effect" with a note: it leaves the list, the row records who and the note', async () => {
    const note = 'level at the shop is 12, the adjustment never arrived';
    await item(settled).getByLabel('Note (optional)').fill(note);
    await item(settled).getByRole('button', { name: /^It had no effect/ }).click();
    await item(settled).waitFor({ state: 'detached', timeout: 20_000 });
    expect(await item(taken).count()).toBe(1);
    // Who the signed-in admin is, asked with the page's own session (cookie + CSRF token).
    const principalId = await admin.evaluate(`fetch('/graphql', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent((document.cookie.match(/bizosaas_csrf=([^;]+)/) || [])[1] || '') },
      body: JSON.stringify({ query: '{ viewer { principalId } }' }),
    }).then((r) => r.json()).then((b) => b.data.viewer.principalId)`);
    expect(typeof principalId).toBe('string');
    expect(await rowOf(settled)).toEqual({ state: 'no_effect', reviewed_by: principalId, review_note: note });
  });

  it('shows the code and request id when a write cannot be settled, drops it from the list, then the empty state', async () => {
    // The recovery pass completed it meanwhile: the page still offers it.
    await app.app.platform.db.query("UPDATE external_intents SET state = 'completed' WHERE id = $1", [taken]);
    await item(taken).getByRole('button', { name: /^It took effect/ }).click();
    const alert = panel(admin).getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    const message = (await alert.textContent()) ?? '';
    expect(message).toContain('INVALID_STATE');
    expect(message).toContain(`${taken} is completed`);
    expect(message).toMatch(/Request id [A-Za-z0-9-]{8,}/);
    expect((await rowOf(taken)).review_note).toBeNull();

    // The failure refreshed the list, no reload needed; the refusal stays on screen.
    await item(taken).waitFor({ state: 'detached', timeout: 20_000 });
    await panel(admin).getByText('Nothing to check').waitFor({ timeout: 20_000 });
    expect(await panel(admin).locator('[data-external-write]').count()).toBe(0);
    expect(await alert.count()).toBe(1);
    expect(await seriousViolations(admin)).toEqual([]);
  });

  it('says why a write settled behind its back (by another admin, through the API) cannot be settled, and drops it', async () => {
    const raced = await needsReview('check the level of var-10 at woocommerce', { variantId: 'var-10' }, 5);
    const untouched = await needsReview('check the level of var-11 at woocommerce', { variantId: 'var-11' }, 1);
    await admin.reload();
    await item(raced).waitFor({ timeout: 30_000 });
    await item(untouched).waitFor({ timeout: 30_000 });

    const other = await app.gql(app.key('acme'), 'mutation ($id: ID!) { settleExternalWrite(id: $id, outcome: TOOK_EFFECT, note: "seen at the shop") { state } }', { id: raced });
    expect(other.errors, JSON.stringify(other.errors)).toBeUndefined();
    await item(raced).getByLabel('Note (optional)').fill('never arrived');
    await item(raced).getByRole('button', { name: /^It had no effect/ }).click();

    const alert = panel(admin).getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    const message = (await alert.textContent()) ?? '';
    expect(message).toContain(`Not settled: commerce.inventory.update (write ${raced})`);
    expect(message).toContain(`${raced} is completed, not needs_review`);
    expect(message).toContain('INVALID_STATE');
    await item(raced).waitFor({ state: 'detached', timeout: 20_000 });
    // Only the settled write left; the first settlement stands.
    expect(await item(untouched).count()).toBe(1);
    expect(await rowOf(raced)).toMatchObject({ state: 'completed', review_note: 'seen at the shop' });

    // Settling the next one clears the old refusal.
    await item(untouched).getByRole('button', { name: /^It took effect/ }).click();
    await item(untouched).waitFor({ state: 'detached', timeout: 20_000 });
    await panel(admin).getByText('Nothing to check').waitFor({ timeout: 20_000 });
    expect(await alert.count()).toBe(0);
    expect((await rowOf(untouched)).state).toBe('completed');
  });

  it('shows no panel to a viewer, who still sees the connections', async () => {
    await needsReview('check the level of var-9 at woocommerce', { variantId: 'var-9' }, 10);
    const { key } = await app.app.platform.apiKeys.create({ tenantId: app.tenantId('acme'), name: 'viewer', roles: ['viewer'] });
    await signInWithApiKey(viewer, origin(), key);
    await viewer.goto(`${origin()}/connections`);
    await viewer.locator('[data-connection]').first().waitFor({ timeout: 30_000 });
    // The tenant's name in the header comes from the viewer query, the one that carries the roles.
    await expect.poll(() => viewer.locator('header .brand').textContent(), { timeout: 20_000 }).toContain('Acme');
    expect(await viewer.getByRole('heading', { name: 'Writes to check' }).count()).toBe(0);
    expect(await viewer.getByRole('alert').count()).toBe(0);
    // The same roles hide the Admin link, and /admin says whom to ask instead of failing.
    expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await viewer.goto(`${origin()}/admin`);
    const notice = viewer.locator('[data-admins-only]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toMatch(/^Admins only: .*\(yours: viewer\), ask an admin of Acme Software GmbH\.$/);
    expect(await viewer.getByRole('alert').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
