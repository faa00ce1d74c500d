import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../packages/platform/test/throwaway-redis.js';
import { captureLogs } from './support/log-capture.js';
import { postGraphQL, startTestApp, type TestApp } from './support/test-app.js';

// Reads that need the event bus's Redis: the event log lookup.
const EVENT = '{ event(cursor: "1700000000000-0") { id } }';

describe('the event bus\'s Redis stopped under a running product', () => {
  let redis: ThrowawayRedis;
  let t: TestApp;
  const logs = captureLogs({ level: 'info' });

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    await redis.start();
    t = await startTestApp({ engine: 'postgres', bus: 'redis', redisUrl: redis.url, logger: logs.logger });
  }, 120_000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await redis?.stop();
  });

  const ready = async () => (await fetch(new URL('/ready', t.app.gatewayUrl))).status;

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while it is down, logs it once, and 200 once it is back, without a restart', async () => {
    expect((await t.gql(t.key('acme'), EVENT)).status).toBe(200);
    await redis.stop();
    const during = await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), EVENT);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await ready()).toBe(503);
    await redis.start();
    await expect.poll(async () => (await t.gql(t.key('acme'), EVENT)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    await expect.poll(ready, { timeout: 10_000, interval: 200 }).toBe(200);
    // One line when the outage starts and one when it ends, however many connections and loops noticed.
    await expect.poll(() => logs.records().filter((l) => l.msg === 'redis is back').length, { timeout: 10_000 }).toBe(1);
    expect(logs.records().filter((l) => l.msg.startsWith('redis unavailable'))).toHaveLength(1);
    const perConnection = logs.records().filter((l) => l.level >= 30 && /redis connection|read failed|reconnect/.test(l.msg));
    expect(perConnection.map((l) => l.msg)).toEqual([]);
  });
});
