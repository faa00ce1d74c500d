import { ConnectorError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearerToken, type AuthStrategy } from './auth.js';
import { runWithDeadline } from './deadline.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import type { ProviderProfile } from './provider-profile.js';
import { capturingLogger, fakeClock, fakeFetch, type FakeReply } from './test-support.js';

const TOKEN = 'pat-na1-SECRET-token-0123456789';
const profile: ProviderProfile = {
  id: 'acme',
  timeoutMs: 50,
  retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 },
  rateLimit: { capacity: 100, refillPerSecond: 100 },
  rateLimitHeaders: { remaining: 'x-ratelimit-remaining', resetSeconds: 'x-ratelimit-reset' },
};
const ok = z.object({ ok: z.literal(true) });

function setup(replies: FakeReply[], overrides: Partial<HttpClientOptions> = {}) {
  const http = fakeFetch(replies);
  const clock = fakeClock();
  const log = capturingLogger();
  const client = createHttpClient({
    profile, baseUrl: 'https://api.acme.example/v1', connectionId: 'conn-1', auth: bearerToken(TOKEN),
    fetch: http.fetch, sleep: clock.sleep, now: clock.now, logger: log.logger, random: () => 0.5, ...overrides,
  });
  return { client, http, clock, log };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('createHttpClient', () => {
  it('sends auth, query and JSON body to baseUrl + path and parses the answer', async () => {
    const { client, http } = setup([{ status: 200, body: { ok: true } }]);
    const res = await client.request({ method: 'POST', path: '/things/search', query: { limit: 10, props: ['a', 'b'], skip: undefined }, body: { q: 1 } }, ok);
    expect(res.body).toEqual({ ok: true });
    expect(http.calls[0]?.url).toBe('https://api.acme.example/v1/things/search?limit=10&props=a&props=b');
    expect(http.calls[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(http.calls[0]?.body).toBe('{"q":1}');
  });

  it('waits out Retry-After in seconds on a 429 and succeeds', async () => {
    const { client, http, clock } = setup([{ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: { ok: true } }]);
    await client.request({ method: 'GET', path: '/x' }, ok);
    expect(clock.sleeps).toEqual([2000]);
    expect(http.calls).toHaveLength(2);
  });

  it('stops retrying when the caller\'s deadline would pass, with the provider\'s error', async () => {
    const { client, http, clock } = setup([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 200, body: { ok: true } }]);
    // Backoffs are 50, 100, 200 ms: the third retry would start too close to the deadline.
    const error = await failure(runWithDeadline(clock.now() + 50 + 100 + 200 + 200, () => client.request({ method: 'GET', path: '/x' }, ok)));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toMatch(/after 3 attempt\(s\).*time budget is spent/);
    expect(http.calls).toHaveLength(3);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = fakeClock();
    const date = new Date(clock.now() + 7_000).toUTCString();
    const { client } = setup([{ status: 503, headers: { 'retry-after': date } }, { status: 200, body: { ok: true } }], { now: clock.now, sleep: clock.sleep });
    await client.request({ method: 'GET', path: '/x' }, ok);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('backs off with full jitter within [0, min(max, base * 2^n)] and gives up with upstream_unavailable', async () => {
    for (const random of [0, 0.999]) {
      const { client, http, clock } = setup([{ status: 503 }], { random: () => random });
      const error = await failure(client.request({ method: 'GET', path: '/x' }, ok));
      expect(error.code).toBe('upstream_unavailable');
      expect(error.message).toContain('acme GET /v1/x');
      expect(http.calls).toHaveLength(5);
      const ceilings = [100, 200, 400, 800];
      clock.sleeps.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(ceilings[i] ?? 0);
      });
      if (random === 0) expect(clock.sleeps).toEqual([0, 0, 0, 0]);
      else expect(clock.sleeps).toEqual([99, 199, 399, 799]);
    }
  });

  it('never retries a POST without an idempotency key on 503, but retries it on 429', async () => {
    const a = setup([{ status: 503 }, { status: 200, body: { ok: true } }]);
    const error = await failure(a.client.request({ method: 'POST', path: '/create', body: {} }, ok));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('not retried');
    expect(a.http.calls).toHaveLength(1);

    const b = setup([{ status: 429 }, { status: 200, body: { ok: true } }]);
    await b.client.request({ method: 'POST', path: '/create', body: {} }, ok);
    expect(b.http.calls).toHaveLength(2);
  });

  it('retries a POST whose idempotency key the provider receives', async () => {
    const { client, http } = setup([{ status: 502 }, { status: 200, body: { ok: true } }], { profile: { ...profile, idempotencyHeader: 'Idempotency-Key' } });
    await client.request({ method: 'POST', path: '/charge', body: {}, idempotencyKey: 'k-1' }, ok);
    expect(http.calls).toHaveLength(2);
    expect(http.calls[1]?.headers.get('idempotency-key')).toBe('k-1');
  });

  it('does not retry 501', async () => {
    const { client, http } = setup([{ status: 501 }]);
    expect((await failure(client.request({ method: 'GET', path: '/x' }, ok))).code).toBe('upstream_unavailable');
    expect(http.calls).toHaveLength(1);
  });

  it('turns a timeout into upstream_unavailable after the retries', async () => {
    const { client, http } = setup(['hang'], { profile: { ...profile, timeoutMs: 5, retry: { ...profile.retry, maxAttempts: 2 } } });
    const error = await failure(client.request({ method: 'GET', path: '/slow' }, ok));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('timed out after 5 ms');
    expect(http.calls).toHaveLength(2);
  });

  it('turns network errors into upstream_unavailable', async () => {
    const { client } = setup(['network-error']);
    expect((await failure(client.request({ method: 'GET', path: '/x' }, ok))).code).toBe('upstream_unavailable');
  });

  it('calls onUnauthorized after a 401 and retries once', async () => {
    let refreshed = 0;
    let token = 'old-token-aaaa';
    const auth: AuthStrategy = {
      async authorize(h) { h.set('Authorization', `Bearer ${token}`); },
      async onUnauthorized() { refreshed += 1; token = 'new-token-bbbb'; return true; },
      secrets: () => ['old-token-aaaa', 'new-token-bbbb'],
    };
    const a = setup([{ status: 401 }, { status: 200, body: { ok: true } }], { auth });
    await a.client.request({ method: 'POST', path: '/x', body: {} }, ok);
    expect(refreshed).toBe(1);
    expect(a.http.calls.map((c) => c.headers.get('authorization'))).toEqual(['Bearer old-token-aaaa', 'Bearer new-token-bbbb']);

    const b = setup([{ status: 401 }], { auth });
    const error = await failure(b.client.request({ method: 'GET', path: '/x' }, ok));
    expect(error.code).toBe('unauthorized');
    expect(b.http.calls).toHaveLength(2);
    expect(refreshed).toBe(2);
  });

  it('records a refreshed 401 as retried and a 401 whose refresh failed once, as the final answer', async () => {
    const records: { status: number | 'network'; retried: boolean }[] = [];
    const metrics = { record: (r: { status: number | 'network'; retried: boolean }) => records.push({ status: r.status, retried: r.retried }) };
    const refreshing = (works: boolean): AuthStrategy => ({ async authorize(h) { h.set('Authorization', 'Bearer t-0000000000'); }, onUnauthorized: async () => works, secrets: () => ['t-0000000000'] });
    await setup([{ status: 401 }, { status: 200, body: { ok: true } }], { auth: refreshing(true), metrics }).client.request({ method: 'GET', path: '/x' }, ok);
    expect(records).toEqual([{ status: 401, retried: true }, { status: 200, retried: false }]);
    records.length = 0;
    const error = await failure(setup([{ status: 401 }], { auth: refreshing(false), metrics }).client.request({ method: 'GET', path: '/x' }, ok));
    expect(error.code).toBe('unauthorized');
    expect(records).toEqual([{ status: 401, retried: false }]);
  });

  it('refuses a 2xx body that is not JSON, and reads an empty one as undefined', async () => {
    expect((await failure(setup([{ status: 200, body: 'plain text' }]).client.request({ method: 'GET', path: '/x' }, ok))).message).toContain('not JSON');
    const empty = await setup([{ status: 204 }]).client.request({ method: 'DELETE', path: '/x' }, z.undefined());
    expect(empty.body).toBeUndefined();
  });

  it('rejects a body that fails the schema with invalid_response naming the provider and endpoint', async () => {
    const { client } = setup([{ status: 200, body: { ok: 'yes' } }]);
    const error = await failure(client.request({ method: 'GET', path: '/things' }, ok));
    expect(error.code).toBe('invalid_response');
    expect(error.provider).toBe('acme');
    expect(error.message).toMatch(/^acme GET \/v1\/things: .*ok/);
  });

  it('maps each 4xx to who was at fault, with the provider\'s message; never misconfigured', async () => {
    const cases = [
      [404, 'not_found'],
      [400, 'invalid_request'],
      [422, 'invalid_request'],
      [409, 'conflict'],
      [410, 'rejected'],
      [403, 'unauthorized'],
    ] as const;
    for (const [status, code] of cases) {
      const error = await failure(setup([{ status, body: { message: `vendor says ${status}` } }]).client.request({ method: 'GET', path: '/x', docs: 'https://docs.acme.example/x' }, ok));
      expect(error.code).toBe(code);
      expect(error.details.status).toBe(status);
      expect(error.message).toContain(`vendor says ${status}`);
    }
    const nested = await failure(setup([{ status: 400, body: { error: { message: 'email is invalid' } } }]).client.request({ method: 'POST', path: '/x', body: {} }, ok));
    expect(nested).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('email is invalid') });
    const mapped = setup([{ status: 400, body: { category: 'OBJECT_NOT_FOUND' } }], {
      profile: { ...profile, mapError: (_s, body) => (typeof body === 'object' && body !== null && 'category' in body ? { code: 'not_found', message: 'gone' } : undefined) },
    });
    expect((await failure(mapped.client.request({ method: 'GET', path: '/x' }, ok))).code).toBe('not_found');
  });

  it('turns an error hidden in a 2xx answer into that error when the profile reads one', async () => {
    const { client } = setup([{ status: 200, body: { status: 'error', code: 'INVALID_QUERY' } }], {
      profile: { ...profile, errorInSuccess: (_s, body) => (typeof body === 'object' && body !== null && 'code' in body ? { code: 'invalid_request', message: 'bad query' } : undefined) },
    });
    expect(await failure(client.request({ method: 'GET', path: '/x' }, ok))).toMatchObject({ code: 'invalid_request', details: { status: 200 } });
  });

  it('records every attempt once in the metrics, retried or not', async () => {
    const records: { status: number | 'network'; attempt: number; retried: boolean }[] = [];
    const { client } = setup([{ status: 503 }, 'network-error', { status: 200, body: { ok: true } }], { metrics: { record: (r) => records.push({ status: r.status, attempt: r.attempt, retried: r.retried }) } });
    await client.request({ method: 'GET', path: '/x' }, ok);
    expect(records).toEqual([
      { status: 503, attempt: 1, retried: true },
      { status: 'network', attempt: 2, retried: true },
      { status: 200, attempt: 3, retried: false },
    ]);
  });

  it('fails rate_limited with retryAfterSeconds when 429s outlast the attempts', async () => {
    const { client, clock } = setup([{ status: 429, headers: { 'retry-after': '1' } }]);
    const error = await failure(client.request({ method: 'GET', path: '/x' }, ok));
    expect(error.code).toBe('rate_limited');
    expect(error.details.retryAfterSeconds).toBe(1);
    expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000]);
  });

  it('does not wait out an unreasonable Retry-After', async () => {
    const { client, http } = setup([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const error = await failure(client.request({ method: 'GET', path: '/x' }, ok));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 3600 } });
    expect(http.calls).toHaveLength(1);
  });

  it('pauses when the provider reports an empty budget in its rate-limit headers', async () => {
    const { client, clock } = setup([{ status: 200, body: { ok: true }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' } }, { status: 200, body: { ok: true } }]);
    await client.request({ method: 'GET', path: '/a' }, ok);
    await client.request({ method: 'GET', path: '/b' }, ok);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('refuses to send credentials to another origin', async () => {
    const { client, http } = setup([{ status: 200, body: { ok: true } }]);
    expect((await failure(client.request({ method: 'GET', path: 'https://evil.example/steal' }, ok))).code).toBe('misconfigured');
    expect(http.calls).toHaveLength(0);
  });

  it('never puts a token in an error message or a log line', async () => {
    const { client, log } = setup([{ status: 503, body: { message: `backend saw ${TOKEN}` } }, { status: 400, body: { message: `token ${TOKEN} is not allowed here` } }]);
    const error = await failure(client.request({ method: 'GET', path: '/x' }, ok));
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain(TOKEN);
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(line).not.toContain(TOKEN);
  });
});
