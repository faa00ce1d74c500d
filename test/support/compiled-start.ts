import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PRODUCT_MAIN, PRODUCT_NODE_FLAGS } from '../../scripts/node-flags.js';

/** The compiled entry `npm start` runs (package.json: `node <PRODUCT_NODE_FLAGS> <PRODUCT_MAIN>`). */
export const COMPILED_MAIN = fileURLToPath(new URL(`../../${PRODUCT_MAIN}`, import.meta.url));

/** A product started from the compiled entry; `exited` resolves with its exit code and the time it exited. */
export interface CompiledProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output(): string;
}

/** The product once its banner is out: the gateway URL and the demo keys read from it. */
export interface CompiledProduct extends CompiledProcess {
  readonly url: string;
  readonly keys: Record<string, string>;
}

/**
 * Spawns `node <PRODUCT_MAIN>` (what `npm start` execs, without npm's own start-up), so many
 * start/stop cycles stay affordable while the code under test is the same.
 */
export function spawnCompiled(env: NodeJS.ProcessEnv): CompiledProcess {
  const child = spawn(process.execPath, [...PRODUCT_NODE_FLAGS, COMPILED_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, exited, output: () => output };
}

/** Whether the banner with the demo keys is out. */
export function bannerPrinted(product: CompiledProcess): boolean {
  return /Demo API keys[\s\S]*globex\s+\S+/.test(product.output());
}

/** Spawns the compiled entry and waits for its banner. Raises with the output when it exits or times out. */
export async function startCompiled(env: NodeJS.ProcessEnv): Promise<CompiledProduct> {
  const product = spawnCompiled(env);
  const deadline = Date.now() + 60_000;
  while (!bannerPrinted(product)) {
    if (product.child.exitCode !== null) throw new Error(`the product exited with ${product.child.exitCode}:\n${product.output()}`);
    if (Date.now() > deadline) {
      product.child.kill('SIGKILL');
      throw new Error(`the product printed no banner in time:\n${product.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const output = product.output();
  const url = /GraphQL \(explorer in a browser\): (\S+)/.exec(output)?.[1] ?? '';
  const keys = Object.fromEntries([...output.matchAll(/^\s+(acme|globex)\s+(bzk_\S+)/gm)].map((m) => [m[1], m[2]]));
  return { ...product, url, keys };
}
