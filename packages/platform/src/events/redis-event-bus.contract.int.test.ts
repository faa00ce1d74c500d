import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describeEventBusContract } from '@bizosaas/domain/testing';
import { RedisEventBus } from './redis-event-bus.js';
import { redisEventKeys } from './redis-event-bus.options.js';
import { fieldsOf, streamEntriesSchema } from './redis-stream-codec.js';

/** The shared test Redis (see the brief); each case gets its own key prefix. */
const REDIS_URL = 'redis://127.0.0.1:6379';

let admin: Redis;
beforeAll(() => {
  admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await admin.quit();
});

/** Deletes the keys a bus under `prefix` wrote: the global and dead-letter streams and each tenant named in the global stream. */
async function deleteBusKeys(client: Redis, prefix: string): Promise<void> {
  const keys = redisEventKeys(prefix);
  const entries = streamEntriesSchema.parse(await client.xrange(keys.all, '-', '+'));
  const tenants = new Set(entries.map((entry) => fieldsOf(entry).get('tenant')).filter((t): t is string => t !== undefined));
  await client.del(keys.all, keys.dead, ...[...tenants].map((t) => keys.tenant(t)));
}

describeEventBusContract('redis', async () => {
  const prefix = `bizosaas-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:events`;
  const bus = new RedisEventBus({ url: REDIS_URL, keyPrefix: prefix, claimIdleMs: 200, blockMs: 200 });
  return {
    bus,
    failedHandlers: 'redelivered',
    deliveryTimeoutMs: 5_000,
    cleanup: async () => {
      await bus.close();
      await deleteBusKeys(admin, prefix);
    },
  };
});
