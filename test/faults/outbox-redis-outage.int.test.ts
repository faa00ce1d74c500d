import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../../packages/platform/test/throwaway-redis.js';
import { cursorOfNextEvent, readEvents } from '../support/event-reader.js';
import { npmStart, stopProduct, type StartedProduct } from '../support/npm-start.js';
import { buildProduct, productEnvironment, type ProductEnvironment } from '../support/product-process.js';
import { postGraphQL } from '../support/test-app.js';

const MUTATIONS = 100;
const OUTAGE_MS = 10_000;
const CREATE = 'mutation($email: String!) { createContact(input: { email: $email }) { id } }';

// Issue 10: Redis down delays events, never a mutation, and loses none. The product runs as `npm start`
// on PostgreSQL and a Redis of its own (with an append-only file, as production runs it) that is stopped
// for 10 s in the middle of 100 mutations.
describe('fault: Redis stopped for 10 s during 100 mutations', () => {
  let redis: ThrowawayRedis;
  let redisDir: string;
  let environment: ProductEnvironment;
  let product: StartedProduct | undefined;

  beforeAll(async () => {
    buildProduct();
    redisDir = await mkdtemp(join(tmpdir(), 'bizosaas-redis-aof-'));
    redis = await ThrowawayRedis.create({ persistDir: redisDir });
    await redis.start();
    environment = await productEnvironment({ postgres: true, redisUrl: redis.url });
  }, 300_000);
  afterAll(async () => {
    if (product) await stopProduct(product.child, 'SIGTERM');
    await environment?.cleanUp();
    await redis?.stop();
    await rm(redisDir, { recursive: true, force: true });
  });

  it('lets every mutation succeed, and every event arrives after Redis returns, in order, none twice', async () => {
    product = await npmStart(environment.env);
    const live: StartedProduct = product;
    const key = live.keys.acme ?? '';
    const run = Date.now().toString(36);
    const start = await cursorOfNextEvent(live.url, key, async () => {
      expect((await postGraphQL(live.url, key, CREATE, { email: `marker.${run}@example.org` })).errors).toBeUndefined();
    });

    const created: string[] = [];
    let outage: Promise<void> | undefined;
    for (let i = 0; i < MUTATIONS; i += 1) {
      if (i === MUTATIONS / 2) {
        await redis.stop();
        outage = new Promise<void>((resolve) => setTimeout(resolve, OUTAGE_MS)).then(() => redis.start());
      }
      const result = await postGraphQL<{ createContact: { id: string } }>(live.url, key, CREATE, { email: `outage.${run}.${i}@example.org` });
      expect(result.errors, `mutation ${i}`).toBeUndefined();
      created.push(result.data?.createContact.id ?? '');
      // Spread the second half over the outage, so mutations run while Redis is down.
      if (i >= MUTATIONS / 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stillDown = await Promise.race([outage?.then(() => false), Promise.resolve(true)]);
    expect(stillDown).toBe(true);
    await outage;

    const events = await readEvents(live.url, key, start, (all) => all.length >= MUTATIONS, { timeoutMs: 60_000, settleMs: 1_500 });
    expect(events.map((e) => e.payload.contactId)).toEqual(created);
    expect(new Set(events.map((e) => e.id)).size).toBe(MUTATIONS);
    const metrics = await (await fetch(live.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/^bizosaas_outbox_publish_failures_total [1-9]/m);
    expect(metrics).toMatch(/^bizosaas_outbox_pending_events 0$/m);
    expect(live.output()).toContain('outbox relay: the event bus refused an event');
    // One line for the outage however many Redis connections and read loops noticed it (LOG_LEVEL=warn).
    expect(live.output().match(/redis unavailable: /g) ?? []).toHaveLength(1);
    expect(live.output()).not.toMatch(/redis connection failed|read failed; retrying/);
  }, 180_000);
});
