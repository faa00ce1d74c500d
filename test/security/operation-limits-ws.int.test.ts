import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestApp, type TestApp } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { overLimit, plainFragmentBomb, SUBSCRIPTION_FRAGMENT_BOMB } from './attack-documents.js';
import { checksDuring } from './support/limit-checks.js';

interface Refusal {
  readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[];
  readonly ms: number;
}

/** Subscribes and waits for the server's answer: the errors it refused the subscription with. */
function refusalOf(client: Client, query: string): Promise<Refusal> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query },
      {
        next: () => reject(new Error('the subscription was accepted')),
        error: (errors: unknown) => {
          if (Array.isArray(errors)) resolve({ errors, ms: performance.now() - started });
          else reject(errors instanceof Error ? errors : new Error(String(errors)));
        },
        complete: () => reject(new Error('the subscription completed')),
      },
    );
  });
}

describe('operation limits over WebSocket subscriptions (default configuration)', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp();
    client = wsClient(t.app.gatewayUrl, t.key('acme'));
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.close();
  });

  it('refuses the fragment bomb in well under a second, with the code HTTP gives', async () => {
    const refusal = await refusalOf(client, SUBSCRIPTION_FRAGMENT_BOMB);
    expect(refusal.errors).toEqual([
      { message: expect.stringMatching(/^Directives limit of 50 exceeded, found \d+\.$/), extensions: { code: 'TOO_MANY_DIRECTIVES', limit: 50 } },
    ]);
    expect(refusal.ms).toBeLessThan(500);
  });

  it('refuses the same nesting without directives on its cost', async () => {
    const refusal = await refusalOf(client, plainFragmentBomb('subscription'));
    expect(refusal.errors.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    expect(refusal.ms).toBeLessThan(500);
  });

  it.each(Object.entries(overLimit('subscription')))('refuses a subscription over the limit with %s, as HTTP refuses the query', async (code, subscription) => {
    const refusal = await refusalOf(client, subscription);
    expect(refusal.errors).toEqual([{ message: expect.stringMatching(/limit of \d+ exceeded/), extensions: { code, limit: expect.any(Number) } }]);
    const overHttp = await postGraphQL(t.app.gatewayUrl, t.key('acme'), overLimit('query')[code] ?? '');
    // The documents differ in their root, so only the found counts may differ.
    const withoutCount = (message: string | undefined) => message?.replace(/, found \d+\.$/, '.');
    expect(withoutCount(overHttp.errors?.[0]?.message)).toBe(withoutCount(refusal.errors[0]?.message));
    expect(overHttp.errors?.[0]?.extensions).toMatchObject({ code, limit: refusal.errors[0]?.extensions?.limit });
  });

  it('keeps the connection open for a subscription within the limits, checked once, by the bridge', async () => {
    let acknowledged = false;
    let stop = () => {};
    try {
      const checks = await checksDuring(t.app.gatewayUrl, async () => {
        stop = client.subscribe({ query: 'subscription { dealStageChanged { deal { title contact { email } } } }' }, { next: () => {}, error: () => {}, complete: () => {} });
        await expect.poll(() => t.app.gateway.hub?.groupCount).toBe(1);
      });
      expect(checks).toEqual({ http: 0, plugin: 0, ws: 1 });
      acknowledged = true;
    } finally {
      stop();
    }
    expect(acknowledged).toBe(true);
  });
});
