import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJson, relaxOptionalDeepObjects, sliceSpec, type Json } from './stripe-prism.spec.js';
import { sharedSpec } from '../../shared-specs.js';
import { freePort } from '../../../../platform/test/free-port.js';

/**
 * Prism (`@stoplight/prism-cli`) serving Stripe's official OpenAPI spec (shared/specs/stripe) on loopback:
 * it validates each request (path, query, body, auth) and answers 422 with an `sl-violations` header when
 * one breaks the spec. It keeps no state, so it proves requests, not behaviour (the emulator does that).
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../../..');
export const STRIPE_SPEC = sharedSpec('stripe/spec3.2023-08-16.prism.json');

export interface StripePrism {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The paths the connector calls. Prism serves only these (a request elsewhere gets 404, which the test
 * counts as a failure): loading the slice takes seconds where the whole spec takes minutes on 2 busy cores.
 */
export const STRIPE_CONNECTOR_PATHS = [
  '/v1/invoices',
  '/v1/invoices/search',
  '/v1/invoices/{invoice}',
  '/v1/customers',
  '/v1/customers/search',
  '/v1/invoiceitems',
  '/v1/invoices/{invoice}/void',
  '/v1/products',
  '/v1/subscriptions',
  '/v1/subscriptions/{subscription_exposed_id}',
];

/** Which official spec Prism serves, and the paths sliced out of it (another provider's spec reuses this launcher). */
export interface PrismSpec {
  readonly specFile: string;
  readonly paths: readonly string[];
}

/** Starts Prism on the sliced, relaxed spec and resolves once it prints `Prism is listening`. */
export async function startStripePrism(served: PrismSpec = { specFile: STRIPE_SPEC, paths: STRIPE_CONNECTOR_PATHS }): Promise<StripePrism> {
  const parsed: unknown = JSON.parse(await readFile(served.specFile, 'utf8'));
  if (!isJson(parsed)) throw new Error(`${served.specFile} is not an OpenAPI document`);
  const spec = sliceSpec(parsed, served.paths);
  relaxOptionalDeepObjects(spec);
  return startPrismOn(spec, served.specFile === STRIPE_SPEC ? 'stripe' : 'spec');
}

/**
 * Starts Prism 5.14 (`prism mock`) on loopback serving `spec` (an OpenAPI document), named `name` in its
 * temp folder; resolves once it prints `Prism is listening`. Shared by every provider's Prism test.
 */
export async function startPrismOn(spec: Json, name: string): Promise<StripePrism> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-prism-`));
  const specPath = join(dir, `${name}.json`);
  await writeFile(specPath, JSON.stringify(spec));
  const port = await freePort();
  const child: ChildProcess = spawn(resolve(root, 'node_modules/.bin/prism'), ['mock', '-h', '127.0.0.1', '-p', String(port), specPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((ready, fail) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-4000);
        if (output.includes('Prism is listening')) ready();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => fail(new Error(`prism exited with ${code}: ${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
