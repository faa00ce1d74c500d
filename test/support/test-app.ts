import { startApp, type RunningApp } from '@bizosaas/app';
import { loadConfig, openDatabase, type Logger } from '@bizosaas/platform';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `embedded`: the integration run's embedded PostgreSQL (what `npm start` uses); `postgres`: the external one. */
export type Engine = 'embedded' | 'postgres';
export type Bus = 'in-process' | 'redis';

/** The Redis server integration tests use (`.ci/run` makes sure it answers). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The PostgreSQL server the integration tests use (`.ci/run` makes sure it answers). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestApp {
  readonly app: RunningApp;
  readonly dataDir: string;
  /** The demo admin key of a demo tenant. */
  key(slug: 'acme' | 'globex'): string;
  tenantId(slug: 'acme' | 'globex'): string;
  /** POSTs a GraphQL operation to the gateway. */
  gql<T = any>(key: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Where a connection's provider posts its webhooks: `POST /webhooks/<connectionId>` on the gateway. */
  webhookUrl(connectionId: string): string;
  close(): Promise<void>;
}

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T | null | undefined;
  readonly errors: { message: string; path?: string[]; extensions?: Record<string, any> }[] | undefined;
}

/**
 * Starts the whole product (gateway + subgraphs over HTTP on free ports) on a fresh data directory, in a
 * fresh schema of the embedded PostgreSQL (default) or of the local PostgreSQL server (`postgres`).
 */
export async function startTestApp(
  options: { engine?: Engine; dataDir?: string; schema?: string; bus?: Bus; redisUrl?: string; env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bizosaas-test-')));
  const databaseUrl = options.engine === 'postgres' ? TEST_DATABASE_URL : inject('embeddedDatabaseUrl');
  const schema = options.schema ?? `e2e_${randomBytes(6).toString('hex')}`;
  const streamPrefix = `test:${randomBytes(6).toString('hex')}:events`;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Tests point real-provider connectors at loopback emulators.
    CONNECTORS_ALLOW_LOOPBACK: 'true',
    // DBOS runs one executor per process: tests that need durable workflows turn them on (WORKFLOWS_ENABLED).
    WORKFLOWS_ENABLED: 'false',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    // Abuse counters under the stream prefix, so parallel apps do not share budgets and clean-up removes them.
    ...(options.bus === 'redis' ? { REDIS_URL: redisUrl, EVENTS_STREAM_PREFIX: streamPrefix, ABUSE_REDIS_PREFIX: `${streamPrefix}:abuse` } : {}),
    ...options.env,
  });
  const app = await startApp(config, { ephemeralPorts: true, ...(options.logger ? { logger: options.logger } : {}) });
  const demo = (slug: string) => {
    const tenant = app.demoTenants.find((t) => t.slug === slug);
    if (!tenant) throw new Error(`no demo tenant ${slug}`);
    return tenant;
  };
  return {
    app,
    dataDir,
    key: (slug) => demo(slug).apiKey,
    tenantId: (slug) => demo(slug).tenantId,
    gql: (key, query, variables) => postGraphQL(app.gatewayUrl, key, query, variables),
    webhookUrl: (connectionId) => app.gatewayUrl.replace(/\/graphql$/, `/webhooks/${connectionId}`),
    close: async () => {
      await app.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
      if (!options.schema) {
        await dropSchema(databaseUrl, schema);
        await dropSchema(databaseUrl, `${schema}_dbos`);
      }
      if (options.bus === 'redis') await deleteKeys(redisUrl, streamPrefix);
    },
  };
}

export async function postGraphQL<T>(url: string, key: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** Test clean-up: drops a schema a test created. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const db = await openDatabase({ url });
  try {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await db.close();
  }
}

/** Test clean-up only: product code never scans keys, it derives them. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // Redis may be gone (a test stopped it): nothing left to clean.
  } finally {
    redis.disconnect();
  }
}
