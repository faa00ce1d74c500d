import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';

const STAGE_CHANGED = 'subscription { dealStageChanged { toStageId } }';
const MOVE = 'mutation($id: ID!, $stage: ID!) { updateDealStage(id: $id, stageId: $stage) { id } }';

/** Connects and resolves once acknowledged, or with the close event that refused it. */
function connect(t: TestApp, key: string): Promise<{ client: Client; refused?: { code: number; reason: string } }> {
  return new Promise((resolve) => {
    let client: Client | undefined;
    client = wsClient(t.app.gatewayUrl, key, (event) => {
      if (client) resolve({ client, refused: event });
    });
    client.on('connected', () => client && resolve({ client }));
  });
}

describe('WebSocket limits (defaults: 20 sockets per key, 100 subscriptions per socket)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves at most 100 of 1,000 subscribes sent in one burst on one socket active', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('acme'));
    const received: unknown[] = [];
    const refused: { extensions?: { code?: string } }[] = [];
    const stops: (() => void)[] = [];
    try {
      // Issued in one tick: the client sends all 1,000 subscribe messages back to back once acknowledged.
      for (let i = 0; i < 1000; i += 1) {
        stops.push(
          client.subscribe({ query: STAGE_CHANGED }, {
            next: (value) => received.push(value),
            error: (errors) => refused.push(...(Array.isArray(errors) ? errors : [])),
            complete: () => {},
          }),
        );
      }
      await expect.poll(() => refused.length, { timeout: 10_000 }).toBe(900);
      expect(new Set(refused.map((e) => e.extensions?.code))).toEqual(new Set(['TOO_MANY_SUBSCRIPTIONS']));
      await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(100);

      // The 100 that were accepted are really live: one event reaches each of them, and no more.
      const read = await t.gql(t.key('acme'), '{ pipelines { stages { id } } deals(first: 1) { nodes { id } } }');
      const stage = read.data.pipelines[0].stages[1].id;
      const moved = await t.gql(t.key('acme'), MOVE, { id: read.data.deals.nodes[0].id, stage });
      expect(moved.errors).toBeUndefined();
      await expect.poll(() => received.length).toBe(100);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(100);
    } finally {
      for (const stop of stops) stop();
      await client.dispose();
    }
  });

  it('refuses the 21st socket of one key with a clear close code and reason, and frees a place on close', async () => {
    await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(0);
    const open: Client[] = [];
    try {
      for (let i = 0; i < 20; i += 1) {
        const { client, refused } = await connect(t, t.key('globex'));
        expect(refused, `socket ${i + 1}`).toBeUndefined();
        open.push(client);
      }
      const extra = await connect(t, t.key('globex'));
      expect(extra.refused).toEqual(expect.objectContaining({ code: 4431, reason: 'Too many open sockets for this API key (at most 20)' }));
      await extra.client.dispose();
      // Another key is not affected by globex's sockets.
      const other = await connect(t, t.key('acme'));
      expect(other.refused).toBeUndefined();
      await other.client.dispose();

      await open.pop()?.dispose();
      await expect.poll(async () => {
        const again = await connect(t, t.key('globex'));
        if (!again.refused) open.push(again.client);
        else await again.client.dispose();
        return again.refused;
      }).toBeUndefined();
    } finally {
      await Promise.all(open.map((client) => client.dispose()));
    }
  });
});
