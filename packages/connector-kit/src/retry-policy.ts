import { classifyFailure, type ProviderFailure } from './provider-error.js';
import type { ProviderProfile } from './provider-profile.js';

/** Exponential backoff with full jitter: a uniform delay in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))]. */
export function backoffDelayMs(retry: ProviderProfile['retry'], attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Retried at all: 429, 5xx except 501 (Not Implemented will not change on a retry). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * Safe to send twice: GET/PUT/DELETE, or a write whose idempotency key the provider receives (the profile
 * has an idempotency header), unless the caller says otherwise. A key the provider never sees protects
 * nothing, so it does not make a POST retryable.
 */
export function isIdempotent(request: { method: string; idempotent?: boolean; idempotencyKey?: string }, keyHeader?: string): boolean {
  if (request.idempotent !== undefined) return request.idempotent;
  if (request.idempotencyKey !== undefined && keyHeader !== undefined) return true;
  return request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE';
}

/** One attempt's result as the loop saw it: an answer (body already read, JSON-parsed when it was JSON) or no answer. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly body: unknown }
  | { readonly kind: 'network'; readonly reason: string };

/** Everything the policy decides from; no I/O, no clock of its own. */
export interface RetryInput {
  /** 1-based; a resend after a credential refresh keeps the attempt number. */
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly request: { readonly method: string; readonly idempotent: boolean; readonly docs?: string };
  readonly profile: ProviderProfile;
  readonly now: number;
  readonly random: () => number;
  /** A `Retry-After` longer than this is not waited out. */
  readonly maxRetryAfterMs: number;
  /** The auth strategy can refresh credentials and has not yet done so for this request. */
  readonly canReauthorize: boolean;
  /** The caller's deadline (epoch ms): a retry that would start after `deadline - minAttemptMs` is not made. */
  readonly deadline?: number;
}

/** The least time worth giving an attempt: a retry that would leave it less than this is not started. */
export const MIN_ATTEMPT_MS = 250;

/** What the request loop does next. */
export type RetryDecision =
  | { readonly action: 'accept' }
  | { readonly action: 'reauthorize' }
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string }
  | ({ readonly action: 'stop' } & ProviderFailure);

/**
 * The retry decision, apart from the loop that sends (STYLE.md): accept a 2xx, refresh credentials once
 * after a 401, retry what is worth retrying (network errors, 429, 5xx but 501; a write only when the
 * provider gets an idempotency key, except 429, which the provider did not process) after `Retry-After`
 * or jittered backoff, and otherwise stop with the connector error code of the answer.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const decision = decideIgnoringDeadline(input, false);
  if (decision.action !== 'retry' || input.deadline === undefined) return decision;
  if (input.now + decision.delayMs + MIN_ATTEMPT_MS <= input.deadline) return decision;
  // Out of time: answer as the last attempt would, and say why there was no other.
  const last = decideIgnoringDeadline(input, true);
  return last.action === 'stop' ? { ...last, message: `${last.message} (no further retry: the request's time budget is spent)` } : last;
}

function decideIgnoringDeadline(input: RetryInput, noMoreAttempts: boolean): RetryDecision {
  const { attempt, outcome, request, profile } = input;
  const lastAttempt = noMoreAttempts || attempt >= profile.retry.maxAttempts;
  if (outcome.kind === 'network') {
    if (request.idempotent && !lastAttempt) return { action: 'retry', delayMs: backoffDelayMs(profile.retry, attempt, input.random), reason: outcome.reason };
    const why = request.idempotent ? ` after ${attempt} attempt(s)` : ' (not retried: the write is not idempotent)';
    return { action: 'stop', code: 'upstream_unavailable', message: `${outcome.reason}${why}`, details: {} };
  }
  const { status, headers, body } = outcome;
  if (status >= 200 && status < 300) {
    const hidden = profile.errorInSuccess?.(status, body);
    return hidden ? { action: 'stop', code: hidden.code, message: hidden.message, details: { status } } : { action: 'accept' };
  }
  if (status === 401 && input.canReauthorize) return { action: 'reauthorize' };
  const retryAfterMs = status === 429 || status === 503 ? (parseRetryAfterMs(headers.get('retry-after'), input.now) ?? (status === 429 ? rateLimitResetMs(profile, headers) : undefined)) : undefined;
  const tooLong = retryAfterMs !== undefined && retryAfterMs > input.maxRetryAfterMs;
  if (isRetryableStatus(status) && (status === 429 || request.idempotent) && !lastAttempt && !tooLong) {
    return { action: 'retry', delayMs: retryAfterMs ?? backoffDelayMs(profile.retry, attempt, input.random), reason: `answered ${status}` };
  }
  return { action: 'stop', ...classifyFailure(status, body, profile, { attempt, idempotent: request.idempotent, ...(retryAfterMs !== undefined && { retryAfterMs }), ...(request.docs && { docs: request.docs }) }) };
}

/** The reset of the provider's rate-limit window in milliseconds, from its headers, when it reports one. */
export function rateLimitResetMs(profile: ProviderProfile, headers: Headers): number | undefined {
  const name = profile.rateLimitHeaders?.resetSeconds;
  const reset = name ? Number(headers.get(name) ?? NaN) : NaN;
  return Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined;
}

/** The provider says its budget is spent (remaining <= 0): milliseconds until it resets, else undefined. */
export function exhaustedBudgetMs(profile: ProviderProfile, headers: Headers): number | undefined {
  const name = profile.rateLimitHeaders?.remaining;
  const remaining = name ? Number(headers.get(name) ?? NaN) : NaN;
  return Number.isFinite(remaining) && remaining <= 0 ? rateLimitResetMs(profile, headers) : undefined;
}
