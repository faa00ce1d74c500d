import { openDatabase } from '@bizosaas/platform';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DATABASE_URL, TEST_REDIS_URL, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const CREATE = 'mutation($name: String!) { createApiKey(name: $name, roles: ["admin"]) { key apiKey { id } } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';
// Small budgets to spend in a test: bursts of 4 requests then 1 per second, and 3 sockets, per key.
const LIMITS = { KEY_REQUESTS_PER_SECOND: '1', KEY_REQUEST_BURST: '4', WS_SOCKETS_PER_KEY: '3' };

type CloseEvent = { code: number; reason: string; at: number };

/** Connects and resolves once acknowledged, or with the close event that refused it. */
function connect(gatewayUrl: string, key: string): Promise<{ client: Client; refused?: CloseEvent }> {
  return new Promise((resolve) => {
    let client: Client | undefined;
    client = wsClient(gatewayUrl, key, (event) => client && resolve({ client, refused: { code: event.code, reason: event.reason, at: Date.now() } }));
    client.on('connected', () => client && resolve({ client }));
  });
}

describe('two gateways on one database and one Redis, as replicas behind a load balancer', () => {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const abusePrefix = `test:${randomBytes(6).toString('hex')}:abuse`;
  let dataDir: string;
  let first: TestApp;
  let second: TestApp;
  const newKey = async (name: string): Promise<{ key: string; apiKey: { id: string } }> => {
    const created = await first.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(first.key('acme'), CREATE, { name });
    expect(created.errors).toBeUndefined();
    if (!created.data) throw new Error('createApiKey answered no data');
    return created.data.createApiKey;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-two-gateways-'));
    const env = { ...LIMITS, ABUSE_REDIS_PREFIX: abusePrefix };
    first = await startTestApp({ engine: 'postgres', schema, dataDir, bus: 'redis', env });
    second = await startTestApp({ engine: 'postgres', schema, dataDir, bus: 'redis', env });
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
    // Test clean-up only: the product derives its keys and never scans.
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${abusePrefix}:*` })) if (Array.isArray(batch)) keys.push(...batch.filter((k) => typeof k === 'string'));
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('spends one request budget per key across both gateways', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? first : second).gql(first.key('globex'), '{ __typename }')));
    expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([200, 200, 200, 200, 429]);
    const refused = responses.find((r) => r.status === 429);
    expect(refused?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('caps a key\'s sockets across both gateways', async () => {
    const { key } = await newKey('sockets');
    const open: Client[] = [];
    try {
      for (const gateway of [first, second, first]) {
        const { client, refused } = await connect(gateway.app.gatewayUrl, key);
        expect(refused).toBeUndefined();
        open.push(client);
      }
      const extra = await connect(second.app.gatewayUrl, key);
      await extra.client.dispose();
      expect(extra.refused).toMatchObject({ code: 4431, reason: 'Too many open sockets for this API key (at most 3)' });
    } finally {
      await Promise.all(open.map((client) => client.dispose()));
    }
  });

  it('closes a revoked key\'s socket on the other gateway within 5 s (4403 "API key revoked"), and opens no new one', async () => {
    const { key, apiKey } = await newKey('dashboard');
    let closedWith: CloseEvent | undefined;
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

      const again = await connect(second.app.gatewayUrl, key);
      await again.client.dispose();
      expect(again.refused?.code).toBe(4403);
      expect((await second.gql(key, '{ __typename }')).status).toBe(401);
    } finally {
      live.stop();
      await client.dispose();
    }
  });
});
