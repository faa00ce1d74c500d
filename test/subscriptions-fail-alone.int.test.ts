import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Bus, type TestApp } from './support/test-app.js';
import { collect, wsClient } from './support/ws-client.js';

const STAGE_CHANGED = 'subscription($after: String) { dealStageChanged(after: $after) { cursor toStageId } }';
const MOVE = 'mutation($id: ID!, $stage: ID!) { updateDealStage(id: $id, stageId: $stage) { id } }';

describe.each<Bus>(['in-process', 'redis'])('a subscription with a bad cursor fails alone (%s bus)', (bus) => {
  let t: TestApp;
  let dealId: string;
  let stages: string[];

  beforeAll(async () => {
    t = await startTestApp({ bus, engine: 'postgres' });
    const read = await t.gql(t.key('acme'), '{ pipelines { stages { id } } deals(first: 1) { nodes { id } } }');
    dealId = read.data.deals.nodes[0].id;
    stages = read.data.pipelines[0].stages.map((s: { id: string }) => s.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('errors the malformed and the future cursor on their own ids; the socket stays open and the others keep receiving', async () => {
    let closed: { code: number } | undefined;
    const client = wsClient(t.app.gatewayUrl, t.key('acme'), (event) => (closed = event));
    const healthy = collect(client, STAGE_CHANGED);
    await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(1);
    // One event first: its cursor has the bus's own shape, so a later one is "from the future", not malformed.
    expect((await t.gql(t.key('acme'), MOVE, { id: dealId, stage: stages[1] })).errors).toBeUndefined();
    await expect.poll(() => healthy.received.length).toBe(1);
    const cursor = String(healthy.received[0]?.data.dealStageChanged.cursor);
    const malformed = collect(client, STAGE_CHANGED, { after: 'definitely-not-a-cursor' });
    const future = collect(client, STAGE_CHANGED, { after: later(cursor) });
    const alsoHealthy = collect(client, STAGE_CHANGED, { after: cursor });
    try {
      await expect.poll(() => malformed.received.length).toBe(1);
      await expect.poll(() => future.received.length).toBe(1);
      expect(malformed.received[0]?.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
      expect(malformed.received[0]?.errors?.[0]?.message).toContain('definitely-not-a-cursor');
      expect(future.received[0]?.errors?.[0]?.extensions?.code).toBe('CURSOR_AHEAD');
      // Both ended (complete), neither took the socket with it.
      await malformed.done;
      await future.done;

      await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(2);
      expect((await t.gql(t.key('acme'), MOVE, { id: dealId, stage: stages[2] })).errors).toBeUndefined();
      await expect.poll(() => healthy.received.length).toBe(2);
      await expect.poll(() => alsoHealthy.received.length).toBe(1);
      expect(healthy.received[1]?.data.dealStageChanged.toStageId).toBe(stages[2]);
      expect(alsoHealthy.received[0]?.errors).toBeUndefined();
      expect(closed).toBeUndefined();
    } finally {
      healthy.stop();
      alsoHealthy.stop();
      await client.dispose();
    }
  });
});

/** A cursor of the same shape, far beyond `cursor`: Redis ids `ms-seq`, in-process zero-padded sequences. */
function later(cursor: string): string {
  const [high = '0', low] = cursor.split('-');
  const bumped = String(BigInt(high) + 1_000_000n).padStart(high.length, '0');
  return low === undefined ? bumped : `${bumped}-0`;
}
