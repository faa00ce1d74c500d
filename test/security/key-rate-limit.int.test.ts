import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

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

describe('per-key request rate (shared through Redis: see two-gateways.int.test.ts)', () => {
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
});
