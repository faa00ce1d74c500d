import { ConnectorError, createEvent } from '@bizosaas/domain';
import { describeEventBusContract } from '@bizosaas/domain/testing';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedisCluster } from '../../test/throwaway-redis-cluster.js';
import { openDatabase } from '../db/database.js';
import { TEST_DATABASE_URL } from '../db/database.test-support.js';
import { createReadiness } from '../health/readiness.js';
import { RedisEventBus } from './redis-event-bus.js';
import { openRedisClient } from './redis-client.js';
import { redisEventKeys } from './redis-event-bus.options.js';
import { fieldsOf, streamEntriesSchema } from './redis-stream-codec.js';

/** Issue 11, part 5: the bus on a 3-master Redis Cluster started on loopback for this file, stopped after it. */
const cluster = new ThrowawayRedisCluster();
let admin: Cluster | undefined;

beforeAll(async () => {
  await cluster.start();
  admin = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
}, 30_000);
afterAll(async () => {
  admin?.disconnect();
  await cluster.stop();
});

function adminClient(): Cluster {
  if (admin === undefined) throw new Error('the cluster did not start');
  return admin;
}

const freshPrefix = () => `bizosaas-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:events`;

/** Deletes what a bus under `prefix` wrote; one DEL over several keys, which a cluster allows only in one slot. */
async function deleteBusKeys(prefix: string): Promise<void> {
  const keys = redisEventKeys(prefix);
  const entries = streamEntriesSchema.parse(await adminClient().xrange(keys.all, '-', '+'));
  const tenants = new Set(entries.map((entry) => fieldsOf(entry).get('tenant')).filter((t): t is string => t !== undefined));
  await adminClient().del(keys.all, keys.dead, ...[...tenants].map((t) => keys.tenant(t)));
}

async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe('RedisEventBus on a 3-node Redis Cluster', () => {
  it('runs against a real cluster: 3 masters own the slots and a script over two slots is refused', async () => {
    const masters = String(await adminClient().cluster('INFO')).match(/cluster_size:(\d+)/)?.[1];
    expect(masters).toBe('3');
    // The reason for the hash tags: without them the publish script's two keys would land in two slots.
    await expect(adminClient().eval("return redis.call('GET', KEYS[1])", 2, 'bizosaas:a:all', 'bizosaas:a:tenant:t1')).rejects.toThrow(/CROSSSLOT/);
  });

  it('keeps every stream of a bus in one slot while publishing for many tenants', async () => {
    const prefix = freshPrefix();
    const bus = new RedisEventBus({ url: cluster.url, keyPrefix: prefix, blockMs: 200 });
    try {
      const tenants = ['ten_a', 'ten_b', 'ten_c', 'ten_d', 'ten_e'];
      for (const tenantId of tenants) await bus.publish(createEvent('test.thing.happened.v1', { tenantId }, { tenantId, source: 'test' }));
      const keys = redisEventKeys(prefix);
      const slots = await Promise.all([keys.all, keys.dead, ...tenants.map((t) => keys.tenant(t))].map((key) => adminClient().cluster('KEYSLOT', key)));
      expect(new Set(slots).size).toBe(1);
      expect(await adminClient().xlen(keys.all)).toBe(tenants.length);
      for (const tenantId of tenants) expect((await bus.readAfter(tenantId, null, 10)).events).toHaveLength(1);
    } finally {
      await bus.close();
      await deleteBusKeys(prefix);
    }
  });

  it('dead-letters a poison event (one MULTI over the dead-letter and global streams) and acknowledges it', async () => {
    const prefix = freshPrefix();
    const bus = new RedisEventBus({ url: cluster.url, keyPrefix: prefix, blockMs: 200, claimIdleMs: 100, maxDeliveries: 2 });
    try {
      await bus.subscribe(async () => Promise.reject(new Error('poison')), { group: 'poison' });
      const poison = createEvent('test.thing.happened.v1', {}, { tenantId: 'ten_poison', source: 'test' });
      await bus.publish(poison);
      const keys = redisEventKeys(prefix);
      await eventually(async () => expect(await adminClient().xlen(keys.dead)).toBe(1));
      const [dead] = streamEntriesSchema.parse(await adminClient().xrange(keys.dead, '-', '+'));
      expect(fieldsOf(dead ?? ['', []]).get('error')).toBe('poison');
      await eventually(async () => expect((await adminClient().xpending(keys.all, 'poison'))[0]).toBe(0));
    } finally {
      await bus.close();
      await deleteBusKeys(prefix);
    }
  });
});

describe('openRedisClient on a Redis Cluster URL', () => {
  it('reaches keys on every master, and runs a one-key script (what connector locks and rate limits do)', async () => {
    const client = openRedisClient(cluster.url, { maxRetriesPerRequest: 2 });
    const keys = Array.from({ length: 12 }, (_, i) => `bizosaas-test:${Date.now().toString(36)}:client:${i}`);
    try {
      for (const key of keys) await client.set(key, key, 'PX', 10_000);
      const owners = new Set(await Promise.all(keys.map(ownerOf)));
      expect(owners.size).toBeGreaterThan(1);
      for (const key of keys) expect(await client.eval("return redis.call('GET', KEYS[1])", 1, key)).toBe(key);
    } finally {
      for (const key of keys) await client.del(key);
      client.disconnect();
    }
  });
});

describe('/ready with REDIS_URL naming a Redis Cluster', () => {
  it('reports Redis up through the cluster client, and down when the seeds do not answer', async () => {
    const db = await openDatabase({ url: TEST_DATABASE_URL });
    const up = createReadiness({ db, redisUrl: cluster.url });
    // A cluster URL given to a plain client would dial a host named "redis+cluster" and stay down.
    const down = createReadiness({ db, redisUrl: 'redis+cluster://127.0.0.1:1,127.0.0.1:2' });
    try {
      await eventually(async () => expect(await up.check()).toEqual({ ready: true, checks: { database: 'up', redis: 'up' } }));
      expect(await down.check()).toMatchObject({ ready: false, checks: { database: 'up', redis: expect.stringMatching(/^down/) } });
    } finally {
      await up.close();
      await down.close();
      await db.close();
    }
  });
});

describeEventBusContract('redis cluster', async () => {
  const prefix = freshPrefix();
  const bus = new RedisEventBus({ url: cluster.url, keyPrefix: prefix, claimIdleMs: 200, blockMs: 200 });
  return {
    bus,
    failedHandlers: 'redelivered',
    deliveryTimeoutMs: 5_000,
    cleanup: async () => {
      await bus.close();
      await deleteBusKeys(prefix);
    },
  };
});

/** The port of the master holding `key`: the others answer MOVED. */
async function ownerOf(key: string): Promise<number> {
  for (const { port } of cluster.nodes) {
    const node = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0 });
    const owns = await node.exists(key).then(
      () => true,
      () => false,
    );
    node.disconnect();
    if (owns) return port;
  }
  throw new Error(`no node holds ${key}`);
}

describe('RedisEventBus when the master holding its slot restarts without persistence', () => {
  it('keeps a group subscriber and a tail working, recreating the group and reporting the gap', async () => {
    const prefix = freshPrefix();
    const gaps: string[] = [];
    const bus = new RedisEventBus({ url: cluster.url, keyPrefix: prefix, claimIdleMs: 200, blockMs: 200, onGap: (reason) => void gaps.push(reason) });
    const handled: string[] = [];
    const tailed: string[] = [];
    const tailGaps: string[] = [];
    try {
      await bus.subscribe(async (e) => void handled.push(e.id), { group: 'restart' });
      await bus.tail({ onEvent: (l) => void tailed.push(l.event.id), onGap: (reason) => void tailGaps.push(reason) });
      const before = createEvent('test.thing.happened.v1', { n: 1 }, { tenantId: 'ten_restart', source: 'test' });
      await bus.publish(before);
      await eventually(async () => expect([handled, tailed]).toEqual([[before.id], [before.id]]));

      await cluster.restartNode(await ownerOf(redisEventKeys(prefix).all));

      const after = createEvent('test.thing.happened.v1', { n: 2 }, { tenantId: 'ten_restart', source: 'test' });
      await eventually(() => bus.publish(after), 15_000);
      await eventually(async () => expect([handled, tailed]).toEqual([[before.id, after.id], [before.id, after.id]]), 15_000);
      expect(gaps.some((reason) => reason.includes('restart'))).toBe(true);
      expect(tailGaps.length).toBeGreaterThanOrEqual(1);
    } finally {
      await bus.close();
      await deleteBusKeys(prefix);
    }
  });
});

// Last in the file: it stops the cluster.
describe('RedisEventBus when the whole cluster goes down', () => {
  it('fails a publish with upstream_unavailable within a bounded time instead of queueing it', async () => {
    const bus = new RedisEventBus({ url: cluster.url, keyPrefix: freshPrefix(), commandTimeoutMs: 1_000, connectTimeoutMs: 500 });
    try {
      await bus.publish(createEvent('test.thing.happened.v1', {}, { tenantId: 'ten_down', source: 'test' }));
      await cluster.stop();
      const started = Date.now();
      const error: unknown = await bus.publish(createEvent('test.thing.happened.v1', {}, { tenantId: 'ten_down', source: 'test' })).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'upstream_unavailable', provider: 'redis' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await bus.close();
    }
  });
});
