import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';

// A budget small enough to spend in a test: bursts of 4, then 1 request per second.
const LIMITS = { KEY_REQUESTS_PER_SECOND: '1', KEY_REQUEST_BURST: '4' };

describe('per-key request rate in one process (shared through Redis: see two-gateways.int.test.ts)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets the burst pass and answers the next request 429 RATE_LIMITED with Retry-After; other keys are unaffected', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => t.gql(t.key('acme'), '{ __typename }')));
    expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([200, 200, 200, 200, 429]);
    const refused = responses.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.errors?.[0]).toMatchObject({ message: expect.stringContaining('Rate limit for this API key exceeded'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } });
    expect((await t.gql(t.key('globex'), '{ __typename }')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await t.gql(t.key('acme'), '{ __typename }')).status).toBe(200);
  });

  it('charges WebSocket subscribes to the same budget', async () => {
    const client = wsClient(t.app.gatewayUrl, t.key('globex'));
    const outcomes: ('live' | string)[] = [];
    const stops: (() => void)[] = [];
    try {
      for (let i = 0; i < 10; i += 1) {
        stops.push(
          client.subscribe({ query: 'subscription { dealStageChanged { toStageId } }' }, {
            next: () => {},
            error: (errors) => outcomes.push(Array.isArray(errors) ? String(errors[0]?.extensions?.code) : 'closed'),
            complete: () => {},
          }),
        );
      }
      // The connect and the subscribes draw on at most 4 tokens (plus what refilled meanwhile).
      await expect.poll(() => outcomes.length).toBeGreaterThanOrEqual(5);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(new Set(outcomes)).toEqual(new Set(['RATE_LIMITED']));
      await expect.poll(() => t.app.gateway.hub?.memberCount).toBe(10 - outcomes.length);
      expect(t.app.gateway.hub?.memberCount).toBeLessThanOrEqual(4);
    } finally {
      for (const stop of stops) stop();
      await client.dispose();
    }
  });
});
