import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@bizosaas/platform';
import { TEST_DATABASE_URL } from './test-app.js';

/** A running `npm start`: the URL and demo keys from its banner, and its process group to signal. */
export interface ProductProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly keys: Readonly<Record<string, string>>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/**
 * What fault tests share across restarts of the product: one environment (fixed ports, one data dir, a
 * fresh PostgreSQL schema when `postgres` is set, optional REDIS_URL), so state survives a kill.
 */
export interface ProductEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly schema: string | undefined;
  /** Removes the data dir and drops the schema. */
  cleanUp(): Promise<void>;
}

export async function productEnvironment(options: { postgres?: boolean; redisUrl?: string; env?: Record<string, string> } = {}): Promise<ProductEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-product-'));
  const schema = options.postgres ? `fault_${randomBytes(6).toString('hex')}` : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(await freePort()),
    SUBGRAPH_BASE_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    ...(schema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, EVENTS_STREAM_PREFIX: `fault:${randomBytes(6).toString('hex')}:events` } : {}),
    ...options.env,
  };
  return {
    env,
    schema,
    cleanUp: async () => {
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      if (schema) await dropSchema(schema);
    },
  };
}

/**
 * Spawns `npm start` (through npm, not a file path, so it follows however the build starts the product)
 * in its own process group and waits for the banner with the demo keys.
 */
export async function startProduct(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ProductProcess> {
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!/Demo API keys[\s\S]*globex\s+\S+/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await killProduct(child, 'SIGKILL');
      throw new Error(`npm start printed no banner in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /GraphQL \(explorer in a browser\): (\S+)/.exec(output)?.[1] ?? '';
  const keys = Object.fromEntries([...output.matchAll(/^\s+(acme|globex)\s+(bzk_\S+)/gm)].map((m) => [m[1], m[2]]));
  return { child, url, keys, output: () => output };
}

/** Sends `signal` to the whole process group (npm -> node) and waits until npm has exited. */
export async function killProduct(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return; // already gone
  }
  await exited;
  // SIGKILL to the group takes every member at once; give the kernel a moment to free the ports.
  if (signal === 'SIGKILL') await waitForGroupGone(child.pid);
}

async function waitForGroupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function dropSchema(schema: string): Promise<void> {
  const db = await openDatabase({ url: TEST_DATABASE_URL });
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await db.close();
  }
}
