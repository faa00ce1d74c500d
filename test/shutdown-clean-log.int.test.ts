import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmStart, productPorts, stopProduct, type StartedProduct } from './support/npm-start.js';
import { deleteKeys, postGraphQL, TEST_REDIS_URL } from './support/test-app.js';

const CYCLES = 4;

/** The log lines at error level (pino's 50) or above. */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (!line.startsWith('{')) return false;
    try {
      const level: unknown = JSON.parse(line).level;
      return typeof level === 'number' && level >= 50;
    } catch {
      return false;
    }
  });
}

// Issue 10: a clean shutdown logs no error. With the embedded PostgreSQL, the pool's connections used to be
// still open when the server stopped, and each logged "terminating connection due to administrator command"
// as a PostgreSQL outage (2 of 3 tries). Each cycle runs `npm start` on the embedded database and Redis,
// writes, and stops it with a signal to its process group.
describe('a clean shutdown on the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let running: StartedProduct | undefined;
  const prefix = `test:${randomBytes(6).toString('hex')}:events`;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-clean-shutdown-'));
    const { NODE_ENV: _testEnv, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      EVENTS_STREAM_PREFIX: prefix,
      ABUSE_REDIS_PREFIX: `${prefix}:abuse`,
      ...(await productPorts()),
      LOG_LEVEL: 'info',
    };
  }, 300_000);
  afterAll(async () => {
    if (running) await stopProduct(running.child, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    await deleteKeys(TEST_REDIS_URL, prefix);
  });

  it(`logs no error-level line when stopped with SIGINT or SIGTERM (${CYCLES} cycles)`, async () => {
    for (let i = 0; i < CYCLES; i++) {
      const product = await npmStart(env);
      running = product;
      const key = product.keys.acme ?? '';
      for (let n = 0; n < 3; n++) {
        const created = await postGraphQL(product.url, key, 'mutation($email: String!) { createContact(input: { email: $email }) { id } }', { email: `clean.${i}.${n}.${Date.now()}@example.org` });
        expect(created.errors).toBeUndefined();
      }
      // To the process group, as Ctrl-C in a terminal does; returns once every process of the tree exited.
      await stopProduct(product.child, i % 2 === 0 ? 'SIGINT' : 'SIGTERM');
      running = undefined;
      const output = product.output();
      expect(output).toMatch(/"msg":"shut down"/);
      expect(errorLines(output), `cycle ${i}`).toEqual([]);
      expect(output).not.toMatch(/terminating connection due to administrator command/);
    }
  }, 600_000);
});
