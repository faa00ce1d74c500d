import { openDatabase } from '@bizosaas/platform';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productPorts } from './npm-start.js';
import { TEST_DATABASE_URL } from './test-app.js';

/**
 * What fault tests share across restarts of `npm start` (see npm-start.ts): one environment (fixed ports,
 * one data dir, a fresh schema of the local PostgreSQL when `postgres` is set, optional REDIS_URL with a
 * fresh stream prefix), so state survives a kill.
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
  // Without vitest's NODE_ENV=test, as a user runs it.
  const { NODE_ENV: _testEnv, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATA_DIR: dataDir,
    ...(await productPorts()),
    LOG_LEVEL: 'warn',
    ...(schema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, EVENTS_STREAM_PREFIX: `fault-${randomBytes(6).toString('hex')}-events` } : {}),
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

/** `npm start` runs the compiled build: rebuild so a test runs what the sources say now (fast when current). */
export function buildProduct(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

async function dropSchema(schema: string): Promise<void> {
  const db = await openDatabase({ url: TEST_DATABASE_URL });
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await db.close();
  }
}
