import { openDatabase } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const CREATE = 'mutation { createApiKey(name: "dashboard", roles: ["admin"]) { key apiKey { id } } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';

describe('revoking a key closes its open sockets within 5 s, on every gateway', () => {
  // Two gateways (two whole products) on one database, as replicas behind a load balancer would be.
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  let dataDir: string;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-revoke-'));
    first = await startTestApp({ engine: 'postgres', schema, dataDir });
    second = await startTestApp({ engine: 'postgres', schema, dataDir });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    const db = await openDatabase({ url: TEST_DATABASE_URL });
    try {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await db.close();
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('closes the socket on the other gateway with 4403 "API key revoked", and the key opens no new one', async () => {
    const created = await first.gql(first.key('acme'), CREATE);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data.createApiKey as { key: string; apiKey: { id: string } };

    let closedWith: { code: number; reason: string; at: number } | undefined;
    const client = wsClient(second.app.gatewayUrl, key, (event) => (closedWith = { code: event.code, reason: event.reason, at: Date.now() }));
    const live = collect(client, 'subscription { dealStageChanged { toStageId } }');
    try {
      await expect.poll(() => second.app.gateway.hub?.memberCount).toBe(1);
      const revoked = await first.gql(first.key('acme'), REVOKE, { id: apiKey.id });
      expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
      const revokedAt = Date.now();

      await expect.poll(() => closedWith, { timeout: 6_000 }).toBeDefined();
      expect(closedWith).toMatchObject({ code: 4403, reason: 'API key revoked' });
      expect((closedWith?.at ?? Infinity) - revokedAt).toBeLessThan(5_000);
      await expect.poll(() => second.app.gateway.hub?.memberCount).toBe(0);

      let refused: { code: number } | undefined;
      const again = wsClient(second.app.gatewayUrl, key, (event) => (refused = event));
      await expect.poll(() => refused?.code).toBe(4403);
      await again.dispose();
      expect((await second.gql(key, '{ __typename }')).status).toBe(401);
    } finally {
      live.stop();
      await client.dispose();
    }
  });
});
