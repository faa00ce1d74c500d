import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Bus, type TestApp } from './support/test-app.js';
import { collect, wsClient } from './support/ws-client.js';

const STAGE_CHANGED = 'subscription($after: String) { dealStageChanged(after: $after) { cursor fromStageId toStageId deal { id title contact { email } } } }';
const MOVE = 'mutation($id: ID!, $stage: ID!) { updateDealStage(id: $id, stageId: $stage) { id stage { id } } }';

describe.each<Bus>(['in-process', 'redis'])('GraphQL subscriptions at the gateway (%s bus)', (bus) => {
  let t: TestApp;
  let deal: { id: string; title: string; contact: { email: string } };
  let stages: string[];
  const move = async (slug: 'acme' | 'globex', id: string, stage: string) => {
    const result = await t.gql(t.key(slug), MOVE, { id, stage });
    expect(result.errors).toBeUndefined();
  };

  beforeAll(async () => {
    t = await startTestApp({ bus });
    const read = await t.gql(t.key('acme'), '{ pipelines { stages { id } } deals(first: 100) { nodes { id title pipeline { id } contact { email } } } }');
    deal = read.data.deals.nodes.find((d: { contact: unknown }) => d.contact);
    stages = read.data.pipelines[0].stages.map((s: { id: string }) => s.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delivers the event of another client\'s mutation with the nested contact resolved, and nothing to another tenant', async () => {
    const acme = wsClient(t.app.gatewayUrl, t.key('acme'));
    const globex = wsClient(t.app.gatewayUrl, t.key('globex'));
    const mine = collect(acme, STAGE_CHANGED);
    const theirs = collect(globex, STAGE_CHANGED);
    try {
      await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(2);
      await move('acme', deal.id, stages[1] ?? '');
      await expect.poll(() => mine.received.length).toBe(1);
      expect(mine.received[0]?.errors).toBeUndefined();
      expect(mine.received[0]?.data.dealStageChanged).toMatchObject({ toStageId: stages[1], deal: { id: deal.id, title: deal.title, contact: { email: deal.contact.email } } });
      // Give globex's subscriber every chance to receive something it must not.
      await move('acme', deal.id, stages[2] ?? '');
      await expect.poll(() => mine.received.length).toBe(2);
      expect(theirs.received).toEqual([]);
    } finally {
      mine.stop();
      theirs.stop();
      await acme.dispose();
      await globex.dispose();
    }
  });

  it('resumes with after: exactly the 5 missed events, then live ones', async () => {
    await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(0);
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const first = collect(client, STAGE_CHANGED);
    await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(1);
    await move('acme', deal.id, stages[0] ?? '');
    await expect.poll(() => first.received.length).toBe(1);
    const cursor = first.received[0]?.data.dealStageChanged.cursor as string;
    first.stop();
    await client.dispose();

    const missed = [1, 2, 3, 4, 0].map((i) => stages[i] ?? '');
    for (const stage of missed) await move('acme', deal.id, stage);

    const again = wsClient(t.app.gatewayUrl, t.key('acme'));
    const resumed = collect(again, STAGE_CHANGED, { after: cursor });
    try {
      await expect.poll(() => resumed.received.length).toBe(5);
      expect(resumed.received.map((r) => r.data.dealStageChanged.toStageId)).toEqual(missed);
      await move('acme', deal.id, stages[3] ?? '');
      await expect.poll(() => resumed.received.length).toBe(6);
      expect(resumed.received[5]?.data.dealStageChanged.toStageId).toBe(stages[3]);
      const cursors = resumed.received.map((r) => r.data.dealStageChanged.cursor);
      expect(new Set(cursors).size).toBe(6);
    } finally {
      resumed.stop();
      await again.dispose();
    }
  });

  it('runs one execution per event for many subscribers with the same selection', async () => {
    await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(0);
    const clients = Array.from({ length: 5 }, () => wsClient(t.app.gatewayUrl, t.key('globex')));
    const subs = clients.map((c) => collect(c, 'subscription { contactCreated { contact { email } } }'));
    try {
      await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(5);
      expect(t.app.gateway.hub?.groupCount).toBe(1);
      t.app.platform.metrics.reset();
      await t.gql(t.key('globex'), 'mutation { createContact(input: { email: "fanout@example.org" }) { id } }');
      await expect.poll(() => subs.every((s) => s.received.length === 1)).toBe(true);
      // The payload's contact was resolved once for all five subscribers.
      expect(t.app.platform.metrics.calls({ tenantId: t.tenantId('globex'), port: 'crm', method: 'getContacts' })).toBe(1);
      expect(subs.map((s) => s.received[0]?.data.contactCreated.contact.email)).toEqual(Array(5).fill('fanout@example.org'));
    } finally {
      subs.forEach((s) => s.stop());
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('refuses a connection without a valid API key', async () => {
    let closed: { code: number; reason: string } | undefined;
    const client = wsClient(t.app.gatewayUrl, 'bzk_nope_nope', (event) => (closed = event));
    const sub = collect(client, STAGE_CHANGED);
    await expect(sub.done).rejects.toBeDefined();
    await expect.poll(() => closed?.code).toBe(4403);
    await client.dispose();
  });

  it('validates subscriptions like HTTP does', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const bad = collect(client, 'subscription { dealStageChanged { nope } }');
    await expect(bad.done).rejects.toThrow(/nope/);
    const query = collect(client, '{ pipelines { id } }');
    await expect(query.done).rejects.toThrow(/Only subscriptions/);
    await client.dispose();
  });
});
