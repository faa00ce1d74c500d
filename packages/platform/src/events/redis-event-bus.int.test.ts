import { ConnectorError, createEvent, type DomainEvent } from '@bizosaas/domain';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../../test/throwaway-redis.js';
import { RedisEventBus } from './redis-event-bus.js';
import { redisEventKeys, type RedisEventBusOptions } from './redis-event-bus.options.js';
import { fieldsOf, streamEntriesSchema } from './redis-stream-codec.js';

const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}

const freshPrefix = () => `bizosaas-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:events`;
const event = (tenantId: string, n = 0): DomainEvent => createEvent('test.thing.happened.v1', { n }, { tenantId, source: 'test' });

/** Deletes the keys a bus under `prefix` wrote (the tenants are named in the global stream). */
async function deleteBusKeys(client: Redis, prefix: string, extraTenants: readonly string[] = []): Promise<void> {
  const keys = redisEventKeys(prefix);
  const entries = streamEntriesSchema.parse(await client.xrange(keys.all, '-', '+'));
  const tenants = new Set([...extraTenants, ...entries.map((e) => fieldsOf(e).get('tenant') ?? '')]);
  await client.del(keys.all, keys.dead, ...[...tenants].filter((t) => t !== '').map((t) => keys.tenant(t)));
}

describe('RedisEventBus on the shared Redis', () => {
  let admin: Redis;
  const open: { bus: RedisEventBus; prefix: string; tenants: string[] }[] = [];

  function makeBus(options: Partial<RedisEventBusOptions> = {}, tenants: string[] = []) {
    const prefix = freshPrefix();
    const bus = new RedisEventBus({ url: SHARED_REDIS_URL, keyPrefix: prefix, blockMs: 200, ...options });
    open.push({ bus, prefix, tenants });
    return { bus, keys: redisEventKeys(prefix) };
  }

  beforeAll(() => {
    admin = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    for (const { bus, prefix, tenants } of open.splice(0)) {
      await bus.close();
      await deleteBusKeys(admin, prefix, tenants);
    }
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('bounds the tenant and global streams by their retention, and reports a gap for a trimmed cursor', async () => {
    const { bus, keys } = makeBus({ retentionPerTenant: 50, retentionGlobal: 120 });
    const first = event('ten_retention', 0);
    await bus.publish(first);
    const firstCursor = await bus.latestCursor('ten_retention');
    for (let n = 1; n < 600; n += 1) await bus.publish(event(n % 2 === 0 ? 'ten_retention' : 'ten_other', n));
    // MAXLEN ~ trims whole nodes (stream-node-max-entries, 100 by default): up to one node of slack.
    expect(await admin.xlen(keys.tenant('ten_retention'))).toBeLessThanOrEqual(50 + 100);
    expect(await admin.xlen(keys.tenant('ten_other'))).toBeLessThanOrEqual(50 + 100);
    expect(await admin.xlen(keys.all)).toBeLessThanOrEqual(120 + 100);
    expect(await admin.xlen(keys.all)).toBeGreaterThanOrEqual(120);

    const page = await bus.readAfter('ten_retention', firstCursor, 10);
    expect(page.gap).toBe(true);
    expect(page.events).toHaveLength(10);
    expect(await bus.get('ten_retention', firstCursor ?? '')).toBeNull();
  });

  it('reclaims a message a dead consumer read and never acknowledged, and handles it once', async () => {
    const { bus, keys } = makeBus({ claimIdleMs: 200 });
    const group = `reclaim-${Date.now()}`;
    await admin.xgroup('CREATE', keys.all, group, '$', 'MKSTREAM');
    const orphan = event('ten_reclaim');
    await bus.publish(orphan);
    // The "dead" consumer takes it and dies before XACK.
    const taken = await admin.xreadgroup('GROUP', group, 'dead', 'COUNT', 10, 'STREAMS', keys.all, '>');
    expect(JSON.stringify(taken)).toContain(orphan.id);

    const handled = new Map<string, number>();
    await bus.subscribe(async (e) => void handled.set(e.id, (handled.get(e.id) ?? 0) + 1), { group });
    await eventually(() => expect(handled.get(orphan.id)).toBe(1));
    await sleep(800);
    expect([...handled.entries()]).toEqual([[orphan.id, 1]]);
    const summary = await admin.xpending(keys.all, group);
    expect(summary[0]).toBe(0);
  });

  it('moves an event whose handler always throws to the dead-letter stream after maxDeliveries, with the error', async () => {
    const { bus, keys } = makeBus({ claimIdleMs: 100, maxDeliveries: 3 });
    const attempts: string[] = [];
    await bus.subscribe(
      async (e) => {
        attempts.push(e.id);
        throw new Error(`cannot handle ${e.id}: poison`);
      },
      { group: 'poison' },
    );
    const poison = event('ten_poison');
    await bus.publish(poison);
    await eventually(async () => expect(await admin.xlen(keys.dead)).toBe(1));
    const [dead] = streamEntriesSchema.parse(await admin.xrange(keys.dead, '-', '+'));
    const fields = fieldsOf(dead ?? ['', []]);
    expect(fields.get('error')).toBe(`cannot handle ${poison.id}: poison`);
    expect(fields.get('group')).toBe('poison');
    expect(fields.get('deliveries')).toBe('3');
    expect(JSON.parse(fields.get('event') ?? '{}')).toMatchObject({ id: poison.id });
    const [original] = streamEntriesSchema.parse(await admin.xrange(keys.all, '-', '+'));
    expect(fields.get('originalId')).toBe(original?.[0]);
    await sleep(500);
    expect(attempts).toEqual([poison.id, poison.id, poison.id]);
    expect((await admin.xpending(keys.all, 'poison'))[0]).toBe(0);
  });

  it('deletes the own group of a subscription without a group on unsubscribe, and only the member of a shared group', async () => {
    const { bus, keys } = makeBus();
    const groupsJson = async () => JSON.stringify(await admin.xinfo('GROUPS', keys.all));
    const solo = await bus.subscribe(async () => {});
    const handled: string[] = [];
    const member = await bus.subscribe(async (e) => void handled.push(e.id), { group: 'shared' });
    expect(await groupsJson()).toMatch(/"solo:/);
    // Redis 7.0 registers a consumer when a read serves it an entry.
    const first = event('ten_members');
    await bus.publish(first);
    await eventually(() => expect(handled).toEqual([first.id]));
    expect(await admin.xinfo('CONSUMERS', keys.all, 'shared')).toHaveLength(1);
    await solo.unsubscribe();
    await member.unsubscribe();
    expect(await groupsJson()).not.toMatch(/"solo:/);
    expect(await groupsJson()).toContain('"shared"');
    expect(await admin.xinfo('CONSUMERS', keys.all, 'shared')).toHaveLength(0);
  });

  it('raises ValidationError for a malformed cursor', async () => {
    const { bus } = makeBus();
    await expect(bus.readAfter('ten_x', '12345', 10)).rejects.toMatchObject({ violations: [{ field: 'after' }] });
    await expect(bus.get('ten_x', 'abc')).rejects.toMatchObject({ violations: [{ field: 'cursor' }] });
  });
});

describe('RedisEventBus across a Redis restart (a throwaway server)', () => {
  let redis: ThrowawayRedis;
  let bus: RedisEventBus | undefined;

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
  });
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    await redis.stop();
  });

  it('keeps a live tail and a group subscriber working after a restart, recreating the group and reporting the gap', async () => {
    await redis.start();
    const busGaps: string[] = [];
    bus = new RedisEventBus({ url: redis.url, claimIdleMs: 200, blockMs: 200, onGap: (reason) => void busGaps.push(reason) });
    const handled: string[] = [];
    const tailed: string[] = [];
    const tailGaps: string[] = [];
    await bus.subscribe(async (e) => void handled.push(e.id), { group: 'restart' });
    await bus.tail({ onEvent: (l) => void tailed.push(l.event.id), onGap: (reason) => void tailGaps.push(reason) });

    const before = event('ten_restart', 1);
    await bus.publish(before);
    await eventually(() => {
      expect(handled).toEqual([before.id]);
      expect(tailed).toEqual([before.id]);
    });

    await redis.stop();
    await sleep(300);
    await redis.start();

    // Publish may race the bus's reconnect; the port says it raises rather than drops, so retry.
    const after = event('ten_restart', 2);
    await eventually(() => bus?.publish(after));
    await eventually(() => {
      expect(handled).toEqual([before.id, after.id]);
      expect(tailed).toEqual([before.id, after.id]);
    }, 15_000);
    expect(busGaps.some((r) => r.includes('restart'))).toBe(true);
    expect(tailGaps.length).toBeGreaterThanOrEqual(1);

    const check = new Redis(redis.url);
    const groups = await check.xinfo('GROUPS', redisEventKeys('bizosaas:events').all);
    check.disconnect();
    expect(JSON.stringify(groups)).toContain('"restart"');
    // The old cursor belongs to the erased stream: readAfter says so.
    const page = await bus.readAfter('ten_restart', '1-0', 10);
    expect(page.gap).toBe(true);
    expect(page.events.map((l) => l.event.id)).toEqual([after.id]);
  });

  it('raises ConnectorError upstream_unavailable within a bounded time when Redis is down', async () => {
    await redis.start();
    bus = new RedisEventBus({ url: redis.url, commandTimeoutMs: 1_000, connectTimeoutMs: 500 });
    await bus.publish(event('ten_down'));
    await redis.stop();
    const started = Date.now();
    const error: unknown = await bus.publish(event('ten_down')).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'upstream_unavailable', provider: 'redis' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(bus.latestCursor('ten_down')).rejects.toMatchObject({ code: 'upstream_unavailable' });
  });
});
