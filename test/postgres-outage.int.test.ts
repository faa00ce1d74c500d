import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from './support/log-capture.js';
import { freePort } from './support/npm-start.js';
import { postGraphQL, startTestApp, type TestApp } from './support/test-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

const DEALS = '{ deals(first: 5) { nodes { id } } }';
const CREATE = 'mutation($email: String!) { createContact(input: { email: $email }) { id } }';
/** The gateway's API-key revocation poll runs every second; after this wait its last success is recent. */
const waitForKeyPoll = () => new Promise((resolve) => setTimeout(resolve, 1_200));

// Issue 10: while PostgreSQL restarted, every request got HTTP 500 INTERNAL_SERVER_ERROR and no log line.
describe('a PostgreSQL restart under a running product', () => {
  let pg: ThrowawayPostgres;
  let t: TestApp;
  const logs = captureLogs({ level: 'info' });

  beforeAll(async () => {
    pg = startThrowawayPostgres(await freePort());
    t = await startTestApp({ engine: 'postgres', env: { DATABASE_URL: pg.url }, logger: logs.logger });
  }, 120_000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    pg?.destroy();
  });

  const ready = async () => (await fetch(new URL('/ready', t.app.gatewayUrl))).status;

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After during the outage, logs it once, and 200 after, without a restart', async () => {
    expect((await t.gql(t.key('acme'), DEALS)).status).toBe(200);
    await waitForKeyPoll();
    pg.stop();
    // Right after the stop the gateway still trusts its cached API key (its revocation poll is fresh for a few
    // seconds), so these reach the CRM subgraph and fail there: a mutation and a query through a subgraph.
    const throughSubgraph = [await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), CREATE, { email: `outage.${Date.now()}@example.org` }), await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), DEALS)];
    for (const response of throughSubgraph) {
      expect(response.status, JSON.stringify(response.errors)).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.errors?.[0]?.path?.[0]).toMatch(/^(createContact|deals)$/);
      expect(JSON.stringify(response.errors)).not.toContain('127.0.0.1');
    }
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), DEALS));
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(response.errors)).not.toContain('127.0.0.1');
    }
    expect(await ready()).toBe(503);
    const outageLines = logs.records().filter((line) => line.msg.startsWith('postgresql unavailable'));
    expect(outageLines).toHaveLength(1);

    pg.start();
    await expect.poll(async () => (await t.gql(t.key('acme'), DEALS)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect(await ready()).toBe(200);
    const after = await postGraphQL<any>(t.app.gatewayUrl, t.key('acme'), CREATE, { email: `after.${Date.now()}@example.org` });
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect(after.data.createContact.id).toEqual(expect.any(String));
    expect(logs.records().filter((line) => line.msg === 'postgresql is back')).toHaveLength(1);
    expect(logs.records().filter((line) => line.msg.startsWith('postgresql unavailable'))).toHaveLength(1);
  });
});
