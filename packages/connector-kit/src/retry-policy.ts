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
