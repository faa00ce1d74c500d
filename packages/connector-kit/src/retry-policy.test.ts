import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from './provider-profile.js';
import { decideRetry, type AttemptOutcome, type RetryInput } from './retry-policy.js';

const profile: ProviderProfile = {
  id: 'acme',
  timeoutMs: 1_000,
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
  rateLimit: { capacity: 10, refillPerSecond: 10 },
  rateLimitHeaders: { remaining: 'x-left', resetSeconds: 'x-reset' },
};
const NOW = Date.parse('2026-01-01T00:00:00Z');

function answer(status: number, headers: Record<string, string> = {}, body: unknown = undefined): AttemptOutcome {
  return { kind: 'response', status, headers: new Headers(headers), body };
}

function decide(outcome: AttemptOutcome, overrides: Partial<RetryInput> = {}) {
  return decideRetry({ attempt: 1, outcome, request: { method: 'GET', idempotent: true }, profile, now: NOW, random: () => 0.5, maxRetryAfterMs: 60_000, canReauthorize: false, ...overrides });
}

describe('decideRetry', () => {
  it('accepts a 2xx and refreshes once after a 401 when it can', () => {
    expect(decide(answer(204))).toEqual({ action: 'accept' });
    expect(decide(answer(401), { canReauthorize: true })).toEqual({ action: 'reauthorize' });
    expect(decide(answer(401))).toMatchObject({ action: 'stop', code: 'unauthorized' });
  });

  it('retries network errors and 5xx of idempotent requests with jittered backoff until the last attempt', () => {
    expect(decide({ kind: 'network', reason: 'timed out' })).toEqual({ action: 'retry', delayMs: 50, reason: 'timed out' });
    expect(decide(answer(502), { attempt: 2 })).toEqual({ action: 'retry', delayMs: 100, reason: 'answered 502' });
    expect(decide(answer(502), { attempt: 3 })).toMatchObject({ action: 'stop', code: 'upstream_unavailable', message: expect.stringContaining('after 3 attempt(s)') });
    expect(decide(answer(501))).toMatchObject({ action: 'stop', code: 'upstream_unavailable' });
  });

  it('does not start a retry that would end past the caller\'s deadline, and says why', () => {
    // Backoff for attempt 2 is 100 ms (random 0.5 of 200): room for it, then none.
    expect(decide(answer(503), { attempt: 2, deadline: NOW + 100 + 250 })).toEqual({ action: 'retry', delayMs: 100, reason: 'answered 503' });
    expect(decide(answer(503), { attempt: 2, deadline: NOW + 100 + 249 })).toMatchObject({
      action: 'stop',
      code: 'upstream_unavailable',
      message: expect.stringMatching(/after 2 attempt\(s\).*time budget is spent/),
    });
    expect(decide(answer(429, { 'retry-after': '2' }), { deadline: NOW + 1_000 })).toMatchObject({ action: 'stop', code: 'rate_limited' });
  });

  it('never retries a non-idempotent write on 5xx or network errors, but does on 429', () => {
    const write = { method: 'POST', idempotent: false };
    expect(decide(answer(503), { request: write })).toMatchObject({ action: 'stop', message: expect.stringContaining('not retried') });
    expect(decide({ kind: 'network', reason: 'reset' }, { request: write })).toMatchObject({ action: 'stop', code: 'upstream_unavailable' });
    expect(decide(answer(429, { 'retry-after': '2' }), { request: write })).toEqual({ action: 'retry', delayMs: 2000, reason: 'answered 429' });
  });

  it('waits a 429 out by Retry-After, else the rate-limit reset header, and refuses an unreasonable wait', () => {
    expect(decide(answer(429, { 'x-reset': '4' }))).toMatchObject({ action: 'retry', delayMs: 4000 });
    expect(decide(answer(429, { 'retry-after': '600' }))).toMatchObject({ action: 'stop', code: 'rate_limited', details: { status: 429, retryAfterSeconds: 600 } });
  });

  it('stops with the code of who was at fault for every 4xx', () => {
    const codes = Object.fromEntries([400, 403, 404, 409, 410, 413, 422].map((status) => [status, decide(answer(status))]));
    expect(Object.fromEntries(Object.entries(codes).map(([status, d]) => [status, d.action === 'stop' ? d.code : d.action]))).toEqual({
      400: 'invalid_request',
      403: 'unauthorized',
      404: 'not_found',
      409: 'conflict',
      410: 'rejected',
      413: 'rejected',
      422: 'invalid_request',
    });
  });

  it('lets the profile read an error out of a 2xx and refine a 4xx', () => {
    const zohoLike: ProviderProfile = {
      ...profile,
      errorInSuccess: (_s, body) => (body === 'oops' ? { code: 'invalid_request', message: 'hidden error' } : undefined),
      mapError: (status) => (status === 400 ? { code: 'not_found', message: 'no such record' } : undefined),
    };
    expect(decide(answer(200, {}, 'oops'), { profile: zohoLike })).toEqual({ action: 'stop', code: 'invalid_request', message: 'hidden error', details: { status: 200 } });
    expect(decide(answer(200, {}, { ok: true }), { profile: zohoLike })).toEqual({ action: 'accept' });
    expect(decide(answer(400), { profile: zohoLike, request: { method: 'GET', idempotent: true, docs: 'https://d.example' } })).toMatchObject({ code: 'not_found', message: 'no such record (see https://d.example)' });
  });
});
