import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's `chromium` (`.ci/run` installs it when missing); `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored): one per page and width, kept as the run's artefacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/portal/', import.meta.url));

const PORTAL_DIST = fileURLToPath(new URL('../../packages/portal/dist/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The gateway serves the portal's prebuilt files: build them if this checkout has not (`npm ci` does). */
export function ensurePortalBuilt(): void {
  if (existsSync(join(PORTAL_DIST, 'index.html'))) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../packages/portal/build.mjs', import.meta.url))], { stdio: 'inherit' });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs outside the page's CSP, which (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })",
  )) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Full-page screenshots at 1280 and 360 px wide: `<name>-1280.png`, `<name>-360.png`. */
export async function screenshotWidths(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const files: string[] = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    const file = join(ARTIFACTS_DIR, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize(original);
  return files;
}

/** How much wider than the viewport the page is (0 when nothing scrolls sideways at this width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

/** The elements that stick out past the viewport's right edge (for a failure message). */
export async function widestElements(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`)) as string[];
}

/** Signs in on the portal's sign-in page with an API key (the path that works before people sign-in exists). */
export async function signInWithApiKey(page: Page, origin: string, key: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByText('Use an API key instead').click();
  await page.locator('input[name=apiKey]').fill(key);
  await page.getByRole('button', { name: 'Use this key' }).click();
  await page.locator('header .brand').waitFor({ timeout: 30_000 });
}

/** Signs in with tenant, email and password on the sign-in page; resolves once the portal's header is there. */
export async function signInWithPassword(page: Page, origin: string, account: { tenant: string; email: string; password: string }): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  const form = page.getByRole('form', { name: 'Sign in with password' });
  await form.getByLabel('Organisation').fill(account.tenant);
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}
