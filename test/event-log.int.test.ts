import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, wsClient } from './support/ws-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATED = 'crm.contact.created.v1';
const CREATE = 'mutation($email: String!) { createContact(input: { email: $email }) { id } }';
const LOG = `query($since: DateTime, $types: [String!], $first: Int!, $after: String) {
  eventLog(since: $since, types: $types, first: $first, after: $after) { events { id type cursor payload } endCursor hasNextPage }
}`;

interface Page { events: { id: string; type: string; cursor: string; payload: { email?: string } }[]; endCursor: string | null; hasNextPage: boolean }

/** Query.eventLog: a tenant's retained events by time and type, and the cursor its subscription goes on from. */
describe('eventLog through the gateway', () => {
  let t: TestApp;
  let since = '';
  const log = async (slug: 'acme' | 'globex', variables: Record<string, unknown>) => {
    const answer = await t.gql<{ eventLog: Page }>(t.key(slug), LOG, { since, types: [CREATED], first: 100, ...variables });
    expect(answer.errors).toBeUndefined();
    return answer.data?.eventLog as Page;
  };

  beforeAll(async () => {
    t = await startTestApp();
    since = new Date(Date.now() - 1_000).toISOString();
    for (const n of [1, 2, 3]) expect((await t.gql(t.key('acme'), CREATE, { email: `log.${n}@acme.example` })).errors).toBeUndefined();
    expect((await t.gql(t.key('globex'), CREATE, { email: 'log.1@globex.example' })).errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers the tenant's own events since a time, of a type, paged by first and endCursor", async () => {
    await expect.poll(async () => (await log('acme', {})).events.length, { timeout: 15_000 }).toBe(3);
    const all = await log('acme', {});
    expect(all.events.map((e) => e.payload.email)).toEqual(['log.1@acme.example', 'log.2@acme.example', 'log.3@acme.example']);
    expect(all.hasNextPage).toBe(false);
    const first = await log('acme', { first: 2 });
    const rest = await log('acme', { after: first.endCursor });
    expect([...first.events, ...rest.events].map((e) => e.id)).toEqual(all.events.map((e) => e.id));
    expect(first.hasNextPage).toBe(true);
    await expect.poll(async () => (await log('globex', {})).events.map((e) => e.payload.email), { timeout: 15_000 }).toEqual(['log.1@globex.example']);
    const later = await log('acme', { since: new Date(Date.now() + 60_000).toISOString() });
    expect(later.events).toEqual([]);
    expect(later.endCursor).not.toBeNull();
  });

  it('refuses a bad page size or cursor, naming the argument', async () => {
    const answer = await t.gql(t.key('acme'), LOG, { first: 0, after: 'x;y' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/first/);
    expect(answer.errors?.[0]?.message).toMatch(/after/);
  });

  it('the events subscription after the last endCursor brings the next event and none of the page', async () => {
    const page = await log('acme', { since: null });
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const live = collect(client, 'subscription($after: String) { events(types: ["crm.contact.created.v1"], after: $after) { id payload } }', { after: page.endCursor });
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(1);
      expect((await t.gql(t.key('acme'), CREATE, { email: 'log.4@acme.example' })).errors).toBeUndefined();
      await expect.poll(() => live.received.length, { timeout: 15_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(live.received.map((r) => r.data?.events.payload.email)).toEqual(['log.4@acme.example']);
    } finally {
      live.stop();
      await client.dispose();
    }
  });
});
