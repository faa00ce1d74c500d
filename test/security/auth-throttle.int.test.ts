import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { closed, openSocket, postFrom, refusedUpgrade } from './support/security-client.js';

/** A well-formed key nobody holds: by default a fresh prefix each time, as a key-guessing client would send. */
function wrongKey(i: number, prefix = `zz${String(i).padStart(10, '0')}`.replace(/\d/g, (digit) => 'abcdefghij'.charAt(Number(digit)))): string {
  return `bzk_${prefix}_${'x'.repeat(43)}`;
}

describe('failed authentications are throttled (defaults: 100 per address, 20 per key prefix, per minute)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the 101st failed key from one address with 429, Retry-After and a coded GraphQL error', async () => {
    const from = '127.0.0.2';
    for (let i = 0; i < 100; i += 1) {
      const response = await postFrom(t.app.gatewayUrl, from, wrongKey(i));
      expect(response.status, `failure ${i + 1}`).toBe(401);
    }
    const refused = await postFrom(t.app.gatewayUrl, from, wrongKey(100));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      errors: [{ message: expect.stringMatching(/Too many failed authentications from your address; retry after \d+ s\./), extensions: { code: 'TOO_MANY_FAILED_AUTHENTICATIONS', retryAfterSeconds: retryAfter } }],
    });
    // The address is refused before its key is looked at, a valid one included; other addresses are not.
    expect((await postFrom(t.app.gatewayUrl, from, t.key('acme'))).status).toBe(429);
    expect((await postFrom(t.app.gatewayUrl, '127.0.0.3', t.key('acme'))).status).toBe(200);
    // The WebSocket upgrade from that address is refused the same way.
    const upgrade = await refusedUpgrade(t.app.gatewayUrl, from);
    expect(upgrade.status).toBe(429);
    expect(Number(upgrade.retryAfter)).toBeGreaterThan(0);
  });

  it('counts failed connection_init too, and closes a socket whose address is throttled with the retry delay', async () => {
    const from = '127.0.0.4';
    const waiting = await openSocket(t.app.gatewayUrl, from);
    for (let i = 0; i < 100; i += 1) {
      const socket = await openSocket(t.app.gatewayUrl, from);
      const closing = closed(socket);
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${wrongKey(i)}` } }));
      expect((await closing).code, `failure ${i + 1}`).toBe(4403);
    }
    const closing = closed(waiting);
    waiting.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.key('acme')}` } }));
    const refused = await closing;
    expect(refused.code).toBe(4430);
    expect(refused.reason).toMatch(/^Too many failed authentications from your address; retry after \d+ s\.$/);
  });

  it('throttles a key prefix for addresses that keep failing on it, never for its owner on a clean address', async () => {
    const victimPrefix = /^bzk_([a-z2-7]{12})_/.exec(t.key('globex'))?.[1] ?? '';
    const attackers = ['127.0.0.5', '127.0.0.6'];
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const response = await postFrom(t.app.gatewayUrl, attackers[i % 2] ?? '', wrongKey(i, victimPrefix));
      statuses.push(response.status);
      if (response.status === 429) expect(response.body.errors[0].message).toContain('for this API key');
    }
    expect(statuses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await postFrom(t.app.gatewayUrl, '127.0.0.7', t.key('globex'))).status).toBe(200);
  });
});
