import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../../packages/platform/test/throwaway-redis.js';
import { cursorOfNextEvent, readEvents, type ReadEvent } from '../support/event-reader.js';
import { npmStart, stopProduct, type StartedProduct } from '../support/npm-start.js';
import { buildProduct, productEnvironment, type ProductEnvironment } from '../support/product-process.js';
import { postGraphQL } from '../support/test-app.js';

const MUTATIONS = 200;
const KILLS = 3;
const CREATE = 'mutation($email: String!) { createContact(input: { email: $email }) { id email } }';

// Issue 10: an acknowledged change always has its event, exactly once, however the process dies.
// The product runs as `npm start` on PostgreSQL (a fresh schema) and a Redis of its own, which stay up
// while the product is killed with SIGKILL at random moments of a 200-mutation loop and restarted.
describe('fault: SIGKILL during 200 mutations', () => {
  let redis: ThrowawayRedis;
  let environment: ProductEnvironment;
  let product: StartedProduct | undefined;

  beforeAll(async () => {
    buildProduct();
    redis = await ThrowawayRedis.create();
    await redis.start();
    environment = await productEnvironment({ postgres: true, redisUrl: redis.url });
  }, 300_000);
  afterAll(async () => {
    if (product) await stopProduct(product.child, 'SIGKILL');
    await environment?.cleanUp();
    await redis?.stop();
  });

  it('keeps every acknowledged mutation, and each contact that exists has its event exactly once', async () => {
    product = await npmStart(environment.env);
    const key = product.keys.acme ?? '';
    const run = Date.now().toString(36);
    const start = await cursorOfNextEvent(product.url, key, async () => {
      const marker = await postGraphQL(product?.url ?? '', key, CREATE, { email: `marker.${run}@example.org` });
      expect(marker.errors).toBeUndefined();
    });

    // Random kill points, spread over the loop; each kill lands a few ms into a mutation in flight.
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(20 + Math.floor(Math.random() * (MUTATIONS - 40)));
    const acknowledged = new Map<string, string>(); // email -> contact id
    const unacknowledged: string[] = [];
    let kills = 0;
    for (let i = 0; i < MUTATIONS; i += 1) {
      const email = `killed.${run}.${i}@example.org`;
      const current: StartedProduct = product;
      let killing: Promise<void> | undefined;
      if (killAt.has(i)) {
        killing = new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 15))).then(() => stopProduct(current.child, 'SIGKILL'));
      }
      try {
        const result = await postGraphQL<{ createContact: { id: string } }>(current.url, key, CREATE, { email });
        const id = result.data?.createContact.id;
        if (id && !result.errors) acknowledged.set(email, id);
        else unacknowledged.push(email);
      } catch {
        unacknowledged.push(email); // the connection died with the process: outcome unknown to the client
      }
      if (killing) {
        await killing;
        kills += 1;
        product = await npmStart(environment.env);
      }
    }
    expect(kills).toBe(KILLS);
    expect(acknowledged.size).toBeGreaterThanOrEqual(MUTATIONS - KILLS * 2);
    const live: StartedProduct = product;

    // Every acknowledged contact is there; an unacknowledged one either exists or does not.
    const existing = new Map<string, string>();
    for (const [email, id] of acknowledged) {
      const read = await postGraphQL<{ contact: { email: string } | null }>(live.url, key, 'query($id: ID!) { contact(id: $id) { email } }', { id });
      expect(read.data?.contact?.email, email).toBe(email);
      existing.set(id, email);
    }
    for (const email of unacknowledged) {
      const found = await postGraphQL<{ contacts: { edges: { node: { id: string } }[] } }>(live.url, key, 'query($email: String!) { contacts(first: 2, filter: { email: $email }) { edges { node { id } } } }', { email });
      const id = found.data?.contacts.edges[0]?.node.id;
      if (id) existing.set(id, email);
    }

    // Each existing contact's ContactCreated event exactly once, and no event for one that does not exist.
    const created = (events: readonly ReadEvent[]) => events.filter((e) => e.type === 'crm.contact.created.v1');
    const events = await readEvents(live.url, key, start, (all) => created(all).length >= existing.size, { timeoutMs: 60_000, settleMs: 1_500 });
    const perContact = new Map<string, number>();
    for (const e of created(events)) {
      const contactId = String(e.payload.contactId);
      perContact.set(contactId, (perContact.get(contactId) ?? 0) + 1);
    }
    expect([...perContact.keys()].filter((id) => !existing.has(id))).toEqual([]);
    expect([...existing.keys()].filter((id) => perContact.get(id) !== 1)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  }, 300_000);
});
