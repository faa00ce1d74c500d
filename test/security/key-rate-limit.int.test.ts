import { openDatabase } from '@bizosaas/platform';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DATABASE_URL, TEST_REDIS_URL, type TestApp } from '../support/test-app.js';

// A budget small enough to spend in a test: bursts of 4, then 1 request per second.
const LIMITS = { KEY_REQUESTS_PER_SECOND: '1', KEY_REQUEST_BURST: '4' };

type Response = Awaited<ReturnType<TestApp['gql']>>;

/** Sends `count` requests at once, spread over the given gateways; returns their statuses sorted, and the refusals. */
async function burst(apps: readonly TestApp[], key: string, count: number): Promise<{ statuses: number[]; refused: Response[] }> {
  const responses = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const app = apps[i % apps.length];
      if (!app) throw new Error('no app');
      return app.gql(key, '{ __typename }');
    }),
  );
  return { statuses: responses.map((r) => r.status).sort((a, b) => a - b), refused: responses.filter((r) => r.status === 429) };
}

describe('per-key request rate', () => {
  it('in one process: the burst passes, the next request gets 429 RATE_LIMITED with Retry-After, other keys are unaffected', async () => {
    const t = await startTestApp({ env: LIMITS });
    try {
      const { statuses, refused } = await burst([t], t.key('acme'), 5);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect(refused[0]?.headers.get('retry-after')).toBe('1');
      expect(refused[0]?.errors?.[0]).toMatchObject({ message: expect.stringContaining('Rate limit for this API key exceeded'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } });
      expect((await t.gql(t.key('globex'), '{ __typename }')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await t.gql(t.key('acme'), '{ __typename }')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  describe('shared through Redis by every gateway', () => {
    const schema = `e2e_${randomBytes(6).toString('hex')}`;
    const abusePrefix = `test:${randomBytes(6).toString('hex')}:abuse`;
    let dataDir: string;
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-rate-'));
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

    it('spends one budget across two gateways, so replicas do not multiply it', async () => {
      const { statuses, refused } = await burst([first, second], first.key('acme'), 5);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect(refused[0]?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
});
