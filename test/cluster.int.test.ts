import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ThrowawayRedis } from '../packages/platform/test/throwaway-redis.js';
import { startCluster, type ClusterProcess, type RunningCluster } from '../scripts/cluster/cluster-processes.js';
import { freePort } from './support/npm-start.js';
import { collect, wsClient } from './support/ws-client.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SUBGRAPH_NAMES = ['crm', 'content', 'analytics', 'commerce', 'agents', 'platform'];
const GROUP = 'bizosaas:event-usage';
const STREAM = '{bizosaas:events}:all';
const graphQLBody = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()).optional() })).optional(),
});
const CREATE_CONTACT = 'mutation($email: String!) { createContact(input: { email: $email }) { id } }';

/** Polls `check` until it returns a value (not undefined) or the time is up. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('start:cluster: 2 gateways, subgraph processes and 2 workers sharing PostgreSQL and Redis', () => {
  const schema = `cluster_${randomBytes(6).toString('hex')}`;
  let redis: ThrowawayRedis;
  let probe: Redis;
  let db: pg.Client;
  let dataDir: string;
  let cluster: RunningCluster;
  const proc = (name: string): ClusterProcess => {
    const found = cluster.processes.find((p) => p.name === name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  };
  const gql = async (gateway: number, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(cluster.gatewayUrls[gateway] ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.demoKeys.acme}` },
      body: JSON.stringify({ query, variables }),
    });
    return graphQLBody.parse(await response.json());
  };
  const handledBy = async (): Promise<Map<string, number>> => {
    const result = await db.query<{ handled_by: string; n: number }>(`SELECT handled_by, count(*)::int AS n FROM "${schema}".event_usage_seen GROUP BY handled_by`);
    return new Map(result.rows.map((row) => [row.handled_by, row.n]));
  };
  const counted = async () => [...(await handledBy()).values()].reduce((a, b) => a + b, 0);
  const workerId = (name: string) => `${hostname()}:${proc(name).child.pid}`;

  beforeAll(async () => {
    // The processes run the compiled build, as `npm start` does; rebuild (fast when current).
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    redis = await ThrowawayRedis.create();
    await redis.start();
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-cluster-'));
    const ports = await Promise.all([...SUBGRAPH_NAMES, 'g1', 'g2'].map(() => freePort()));
    cluster = await startCluster({
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: redis.url,
        SECRET_STORE_KEY: randomBytes(32).toString('base64'),
        EVENTS_CLAIM_IDLE_MS: '1000',
        SUBGRAPH_TIMEOUT_MS: '2500',
      },
      gatewayPorts: ports.slice(SUBGRAPH_NAMES.length),
      // crm alone (to stall it), the others in one process to keep the test's start quick.
      subgraphGroups: [['crm'], SUBGRAPH_NAMES.filter((n) => n !== 'crm')],
      subgraphPorts: Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, ports[i] ?? 0])),
      workers: 2,
    });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    probe?.disconnect();
    await redis?.stop();
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db?.end();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('delivers the event of a mutation sent to gateway 2 to a subscriber on gateway 1', async () => {
    const client = wsClient(cluster.gatewayUrls[0] ?? '', cluster.demoKeys.acme ?? '');
    try {
      const sub = collect(client, 'subscription { contactCreated { id contact { email } } }');
      await new Promise((resolve) => setTimeout(resolve, 500)); // the subscription is registered
      const email = `cross-${randomBytes(4).toString('hex')}@example.org`;
      const created = await gql(1, CREATE_CONTACT, { email });
      expect(created.errors).toBeUndefined();
      await until('the event on gateway 1', async () => (sub.received.length > 0 ? true : undefined), 15_000);
      expect(sub.received[0]?.data?.contactCreated?.contact?.email).toBe(email);
      sub.stop();
    } finally {
      await client.dispose();
    }
  });

  it('splits consumer-group work between the two workers, each event counted once', async () => {
    const before = await counted();
    for (let i = 0; i < 20; i += 1) {
      const result = await gql(i % 2, CREATE_CONTACT, { email: `split-${i}-${randomBytes(3).toString('hex')}@example.org` });
      expect(result.errors).toBeUndefined();
    }
    await until('20 events counted', async () => ((await counted()) >= before + 20 ? true : undefined));
    const by = await handledBy();
    expect(await counted()).toBe(before + 20);
    expect(by.get(workerId('worker-1'))).toBeGreaterThan(0);
    expect(by.get(workerId('worker-2'))).toBeGreaterThan(0);
  });

  it('loses nothing when a worker is SIGKILLed holding pending messages: the other reclaims them', async () => {
    const victim = proc('worker-1');
    const before = await counted();
    let sent = 0;
    let pendingAtKill = 0;
    // Stopped while blocked in XREADGROUP, the victim is still handed entries (Redis puts them in its pending
    // list); it never acknowledges them. Try until it holds some.
    for (let attempt = 0; attempt < 5 && pendingAtKill === 0; attempt += 1) {
      victim.child.kill('SIGSTOP');
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const result = await gql(i % 2, CREATE_CONTACT, { email: `kill-${attempt}-${i}-${randomBytes(3).toString('hex')}@example.org` });
          expect(result.errors).toBeUndefined();
        }),
      );
      sent += 8;
      pendingAtKill = await pendingOf(probe, `${workerId('worker-1')}:`);
      if (pendingAtKill === 0) {
        victim.child.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
    }
    expect(pendingAtKill).toBeGreaterThan(0);
    victim.child.kill('SIGKILL');
    await until(`${sent} events counted`, async () => ((await counted()) >= before + sent ? true : undefined), 30_000);
    expect(await counted()).toBe(before + sent);
    expect(await pendingOf(probe, `${workerId('worker-1')}:`)).toBe(0);
  });

  it('keeps answering when a subgraph process stalls: the stalled part fails with a timeout naming it', async () => {
    const crm = proc('subgraph-crm');
    crm.child.kill('SIGSTOP');
    try {
      for (const gateway of [0, 1]) {
        const started = Date.now();
        // The stalled call is in flight while the gateway answers another subgraph's query at full speed.
        const stalled = gql(gateway, '{ contacts(first: 1) { totalCount } }').then((body) => ({ body, ms: Date.now() - started }));
        const healthy = await gql(gateway, '{ contentItems(first: 1) { totalCount } }');
        expect(healthy.errors).toBeUndefined();
        expect(healthy.data?.contentItems).toEqual({ totalCount: expect.any(Number) });
        // Well under the timeout: it did not wait for the stalled call.
        expect(Date.now() - started).toBeLessThan(2_000);
        const { body, ms } = await stalled;
        expect(ms).toBeGreaterThanOrEqual(2_400);
        expect(ms).toBeLessThan(8_000);
        expect(body.errors?.[0]?.message).toBe('Subgraph "crm" did not answer within 2500 ms');
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'crm' });
      }
    } finally {
      crm.child.kill('SIGCONT');
    }
    const recovered = await gql(0, '{ contacts(first: 1) { totalCount } }');
    expect(recovered.errors).toBeUndefined();
  });
});

/** Entries of the usage group pending on consumers whose name starts with `prefix` (one process's members). */
async function pendingOf(redis: Redis, prefix: string): Promise<number> {
  // https://redis.io/docs/latest/commands/xpending/ (summary form: [count, first, last, [[consumer, n], ...]])
  const reply: unknown = await redis.xpending(STREAM, GROUP);
  if (!Array.isArray(reply) || !Array.isArray(reply[3])) return 0;
  let total = 0;
  for (const entry of reply[3]) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[0].startsWith(prefix)) total += Number(entry[1]);
  }
  return total;
}
