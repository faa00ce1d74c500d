import { createEvent, type DomainEvent } from '@bizosaas/domain';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../../test/throwaway-redis.js';
import { EventPlumbingMetrics } from './event-plumbing.metrics.js';
import { RedisEventBus } from './redis-event-bus.js';
import { redisEventKeys, type RedisEventBusOptions } from './redis-event-bus.options.js';
import { streamEntriesSchema } from './redis-stream-codec.js';

const event = (tenantId: string, n = 0): DomainEvent => createEvent('test.thing.happened.v1', { n }, { tenantId, source: 'test' });

// Issue 10, part 6: duplicates dropped by id, trimmed pending entries and dead letters counted and logged.
describe('Redis event plumbing: dedupe by event id, trimmed-pending and dead-letter accounting', () => {
  let redis: ThrowawayRedis;
  let admin: Redis;
  const buses: RedisEventBus[] = [];
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const logger = {
    debug: (fields: object, message: string) => void lines.push({ level: 'debug', message, fields: { ...fields } }),
    info: (fields: object, message: string) => void lines.push({ level: 'info', message, fields: { ...fields } }),
    warn: (fields: object, message: string) => void lines.push({ level: 'warn', message, fields: { ...fields } }),
    error: (fields: object, message: string) => void lines.push({ level: 'error', message, fields: { ...fields } }),
  };
  let n = 0;
  function makeBus(options: Partial<RedisEventBusOptions> = {}) {
    const prefix = `plumbing${(n += 1)}:events`;
    const metrics = new EventPlumbingMetrics();
    const bus = new RedisEventBus({ url: redis.url, keyPrefix: prefix, blockMs: 100, logger, metrics, ...options });
    buses.push(bus);
    return { bus, metrics, keys: redisEventKeys(prefix) };
  }

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    await redis.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    lines.length = 0;
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it('appends an event id once however often it is published, and a group handles it once', async () => {
    const { bus, keys } = makeBus();
    const handled: string[] = [];
    await bus.subscribe(async (e) => void handled.push(e.id), { group: 'once' });
    const e = event('ten_dup');
    const next = event('ten_dup', 1);
    await bus.publish(e);
    await bus.publish(e);
    await bus.publish(next);
    // Again after a newer event, as the relay's last batch comes again after a crash.
    await bus.publish(e);
    await bus.publish(next);
    expect(await admin.xlen(keys.tenant('ten_dup'))).toBe(2);
    expect(await admin.xlen(keys.all)).toBe(2);
    await expect.poll(() => handled).toEqual([e.id, next.id]);
    expect((await bus.readAfter('ten_dup', null, 10)).events.map((l) => l.event.id)).toEqual([e.id, next.id]);
    // The dedupe keeps no key per event (test-only KEYS on a Redis of our own); groups keep short-lived ones.
    const stored = (await admin.keys(`${keys.all.replace(/:all$/, '')}*`)).filter((k) => !k.includes(':handled:')).sort();
    expect(stored).toEqual([keys.all, keys.tenant('ten_dup')].sort());
  });

  it('drops a copy of a handled event that reaches the stream again, and counts it', async () => {
    const { bus, keys, metrics } = makeBus();
    const handled: string[] = [];
    await bus.subscribe(async (e) => void handled.push(e.id), { group: 'dedupe' });
    const e = event('ten_copy');
    await bus.publish(e);
    await expect.poll(() => handled).toEqual([e.id]);
    // A copy past the publish dedupe (its marker expired, or another writer): same fields, new entry.
    const [entry] = streamEntriesSchema.parse(await admin.xrange(keys.all, '-', '+'));
    await admin.xadd(keys.all, '*', ...(entry?.[1] ?? []));
    await expect.poll(() => metrics.duplicatesDropped).toBe(1);
    expect(handled).toEqual([e.id]);
    expect((await admin.xpending(keys.all, 'dedupe'))[0]).toBe(0);
  });

  it('logs and counts pending entries that were trimmed before anyone acknowledged them', async () => {
    const { bus, keys, metrics } = makeBus({ claimIdleMs: 100 });
    await admin.xgroup('CREATE', keys.all, 'trimmed', '$', 'MKSTREAM');
    await bus.publish(event('ten_trim', 1));
    await bus.publish(event('ten_trim', 2));
    // A member reads both and dies; then retention trims them away while they are still pending.
    await admin.xreadgroup('GROUP', 'trimmed', 'dead-member', 'COUNT', 10, 'STREAMS', keys.all, '>');
    await admin.xtrim(keys.all, 'MAXLEN', 0);
    await bus.subscribe(async () => {}, { group: 'trimmed' });
    await expect.poll(() => metrics.trimmedPending, { timeout: 5_000 }).toBe(2);
    const line = lines.find((l) => l.message.includes('trimmed from the stream'));
    expect(line).toMatchObject({ level: 'error', fields: { group: 'trimmed', count: 2 } });
  });

  it('counts an event moved to the dead-letter stream', async () => {
    const { bus, metrics, keys } = makeBus({ claimIdleMs: 100, maxDeliveries: 2 });
    await bus.subscribe(
      async () => {
        throw new Error('poison');
      },
      { group: 'poison' },
    );
    await bus.publish(event('ten_poison'));
    await expect.poll(() => metrics.deadLettered, { timeout: 5_000 }).toBe(1);
    expect(await admin.xlen(keys.dead)).toBe(1);
    expect(lines.some((l) => l.level === 'error' && l.message === 'event moved to the dead-letter stream')).toBe(true);
    expect(metrics.render()).toContain('bizosaas_events_dead_lettered_total 1\n');
  });
});
