import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from '../../packages/platform/test/throwaway-redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Polls `probe` until it returns true or `ms` pass; returns the last value. */
async function eventually(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// /health says the process lives; /ready says whether its dependencies answer, naming the one that does
// not, and recovers without a restart.
describe('/health and /ready', () => {
  let t: TestApp;
  let redis: ThrowawayRedis;
  const base = () => t.app.gatewayUrl.replace(/\/graphql$/, '');
  const ready = async () => {
    const response = await fetch(`${base()}/ready`);
    return { status: response.status, body: (await response.json()) as { status: string; failing?: string[]; checks: Record<string, string> } };
  };

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    await redis.start();
    t = await startTestApp({ bus: 'redis', redisUrl: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('answers /health with 200 and /ready with both dependencies up', async () => {
    const health = await fetch(`${base()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'up' } } });
  });

  it('turns /ready 503 naming Redis while Redis is stopped, and 200 again when it returns', async () => {
    await redis.stop();
    expect(await eventually(async () => (await ready()).status === 503, 5_000)).toBe(true);
    const down = await ready();
    expect(down.body.status).toBe('unavailable');
    expect(down.body.failing).toEqual(['redis']);
    expect(down.body.checks.database).toBe('up');
    expect(JSON.stringify(down.body)).not.toContain(String(redis.port));
    // The process itself is alive throughout.
    expect((await fetch(`${base()}/health`)).status).toBe(200);

    await redis.start();
    expect(await eventually(async () => (await ready()).status === 200, 10_000)).toBe(true);
  });
});
