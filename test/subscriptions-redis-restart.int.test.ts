import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../packages/platform/test/throwaway-redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { collect, wsClient } from './support/ws-client.js';

const CONTACT_CREATED = 'subscription($after: String) { contactCreated(after: $after) { cursor contact { email } } }';

// Redis on these machines keeps nothing on disk: a restart erases streams and groups. A live subscriber
// must keep receiving what is published after the restart, or be told to resync; it must never hang.
describe('a subscription across a Redis restart', () => {
  let redis: ThrowawayRedis;
  let t: TestApp;
  const create = (email: string) => t.gql(t.key('acme'), 'mutation($email: String!) { createContact(input: { email: $email }) { id } }', { email });

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    await redis.start();
    t = await startTestApp({ bus: 'redis', redisUrl: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('keeps delivering after the restart, or tells the subscriber to resync', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const sub = collect(client, CONTACT_CREATED);
    try {
      await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(1);
      expect((await create('before.restart@example.org')).errors).toBeUndefined();
      await expect.poll(() => sub.received.length).toBe(1);

      await redis.stop();
      await redis.start();

      // Publishing may fail while the bus reconnects; the mutation then reports it, and is retried.
      await expect
        .poll(async () => (await create(`after.restart.${Date.now()}@example.org`)).errors?.[0]?.extensions?.code ?? 'ok', { timeout: 15_000, interval: 500 })
        .toBe('ok');
      await expect.poll(() => sub.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      const last = sub.received.at(-1);
      const resumed = last?.data?.contactCreated?.contact?.email?.startsWith('after.restart.') === true;
      const toldToResync = last?.errors?.[0]?.extensions?.code === 'EVENT_STREAM_RESET';
      expect(resumed || toldToResync).toBe(true);
    } finally {
      sub.stop();
      await client.dispose();
    }
  }, 60_000);
});
