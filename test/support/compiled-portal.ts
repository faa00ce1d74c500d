import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensurePortalBuilt, launchChromium, signInWithPassword } from './browser.js';
import { startCompiled, type CompiledProduct } from './compiled-start.js';
import { buildProduct, productEnvironment, type ProductEnvironment } from './product-process.js';
import { dropSchema, postGraphQL, TEST_DATABASE_URL } from './test-app.js';

export interface CompiledPortal {
  readonly product: () => CompiledProduct;
  /** A 1280 px page of one Chromium, its page errors collected in `pageErrors`. */
  readonly page: () => Page;
  readonly pageErrors: string[];
  readonly origin: () => string;
  /** A request to the product's /graphql with acme's API key (another client than the browser). */
  readonly gql: <T>(query: string, variables?: Record<string, unknown>) => ReturnType<typeof postGraphQL<T>>;
  /** Signs the page in as acme's demo admin, whose password the start-up banner prints. */
  readonly signInAsDemoAdmin: () => Promise<void>;
}

/**
 * For a describe block of portal end-to-end tests on the compiled product as `npm start` runs it (a child
 * process with its defaults, durable workflows included, on a fresh PostgreSQL schema) and one Chromium page:
 * starts both before the block's tests and stops them, and drops the schemas, after.
 */
export function useCompiledPortal(): CompiledPortal {
  let environment: ProductEnvironment | undefined;
  let product: CompiledProduct | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} has not started`);
    return value;
  };

  beforeAll(async () => {
    buildProduct();
    ensurePortalBuilt();
    environment = await productEnvironment({ postgres: true });
    product = await startCompiled(environment.env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (product && product.child.exitCode === null) {
      product.child.kill('SIGTERM');
      await product.exited;
    }
    await environment?.cleanUp();
    if (environment?.schema) await dropSchema(TEST_DATABASE_URL, `${environment.schema}_dbos`);
  });

  const portal: CompiledPortal = {
    product: () => started(product, 'product'),
    page: () => started(page, 'browser'),
    pageErrors,
    origin: () => new URL(portal.product().url).origin,
    gql: (query, variables) => postGraphQL(portal.product().url, portal.product().keys.acme ?? '', query, variables),
    signInAsDemoAdmin: async () => {
      const banner = portal.product().output();
      const admin = /Demo admin users[\s\S]*?^\s+acme\s+(\S+@\S+)\s+(\S+)/m.exec(banner);
      if (!admin?.[1] || !admin[2]) throw new Error(`no demo admin in the banner:\n${banner}`);
      await signInWithPassword(portal.page(), portal.origin(), { tenant: 'acme', email: admin[1], password: admin[2] });
      await portal.page().locator('header .who').waitFor({ timeout: 30_000 });
    },
  };
  return portal;
}
