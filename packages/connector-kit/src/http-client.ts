import { ConnectorError, type ConnectorErrorCode } from '@bizosaas/domain';
import type { z } from 'zod';
import type { AuthStrategy } from './auth.js';
import { silentLogger, type KitLogger } from './kit-logger.js';
import type { ConnectorMetrics } from './metrics.js';
import type { ProviderProfile } from './provider-profile.js';
import type { RateLimiter } from './rate-limiter.js';
import { realSleep } from './rate-limiter.js';
import { redact } from './redact.js';
import { backoffDelayMs, isIdempotent, isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Joined to the client's baseUrl; an absolute URL (a `next` link) must be on the baseUrl's origin. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Safe to retry: defaults to true for GET/PUT/DELETE, false for POST/PATCH unless idempotencyKey is set. */
  readonly idempotent?: boolean;
  /** Sent as the profile's idempotency header if it has one. */
  readonly idempotencyKey?: string;
  /** Vendor docs URL of the endpoint, for error messages and logs. */
  readonly docs?: string;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface ConnectorHttpClient {
  /**
   * Sends with auth, rate limit, timeout, retries; parses the JSON body with `schema` (zod); a body that
   * fails the schema -> ConnectorError('invalid_response').
   */
  request<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<HttpResponse<T>>;
}

export interface HttpClientOptions {
  profile: ProviderProfile;
  /** A function for base URLs that live with the tokens (Zoho's `api_domain`). */
  baseUrl: string | (() => string);
  connectionId: string;
  auth: AuthStrategy;
  rateLimiter?: RateLimiter;
  logger?: KitLogger;
  metrics?: ConnectorMetrics;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Clock for HTTP-date `Retry-After` and rate-limit resets (tests). */
  now?: () => number;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
  /** A `Retry-After` longer than this is not waited out: the call fails `rate_limited` at once (default 60 s). */
  maxRetryAfterMs?: number;
}

type Attempt =
  | { kind: 'response'; response: Response; text: string }
  | { kind: 'network'; reason: string };

/** The one HTTP core every connector uses (DESIGN.md, "Connectors"). */
export function createHttpClient(options: HttpClientOptions): ConnectorHttpClient {
  const { profile, auth } = options;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const bucketKey = `${profile.id}:${options.connectionId}`;
  // Set from the provider's rate-limit headers when it reports an empty budget.
  let blockedUntil = 0;

  const clean = (text: string) => redact(text, auth.secrets());
  const fail = (code: ConnectorErrorCode, endpoint: string, message: string, details: ConnectorError['details'] = {}) =>
    new ConnectorError(code, profile.id, clean(`${profile.id} ${endpoint}: ${message}`), details);

  function buildUrl(request: HttpRequest): URL {
    const base = typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl;
    const baseUrl = new URL(base);
    const url = /^https?:\/\//i.test(request.path)
      ? new URL(request.path)
      : new URL(`${base.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`);
    if (url.origin !== baseUrl.origin) {
      throw new ConnectorError('misconfigured', profile.id, `${profile.id}: refusing to send credentials to ${url.origin} (connection base is ${baseUrl.origin})`);
    }
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function send(request: HttpRequest, url: URL): Promise<{ attempt: Attempt; headers: Headers }> {
    const headers = new Headers(request.headers);
    // JSON unless the request names its own media type (Drupal's JSON:API wants application/vnd.api+json).
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (request.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (request.idempotencyKey !== undefined && profile.idempotencyHeader) headers.set(profile.idempotencyHeader, request.idempotencyKey);
    await auth.authorize(headers);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), profile.timeoutMs);
    try {
      const response = await doFetch(url, {
        method: request.method,
        headers,
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        signal: controller.signal,
      });
      const text = await response.text();
      return { attempt: { kind: 'response', response, text }, headers };
    } catch (error) {
      const reason = controller.signal.aborted ? `timed out after ${profile.timeoutMs} ms` : `network error (${error instanceof Error ? error.message : String(error)})`;
      return { attempt: { kind: 'network', reason }, headers };
    } finally {
      clearTimeout(timer);
    }
  }

  function noteRateLimitHeaders(headers: Headers): number | undefined {
    const names = profile.rateLimitHeaders;
    if (!names) return undefined;
    const remaining = names.remaining ? Number(headers.get(names.remaining)) : NaN;
    const reset = names.resetSeconds ? Number(headers.get(names.resetSeconds)) : NaN;
    const resetMs = Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined;
    if (Number.isFinite(remaining) && remaining <= 0 && resetMs !== undefined) blockedUntil = Math.max(blockedUntil, now() + resetMs);
    return resetMs;
  }

  async function request<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<HttpResponse<T>> {
    const url = buildUrl(request);
    const endpoint = `${request.method} ${url.pathname}`;
    const idempotent = isIdempotent(request, profile.idempotencyHeader);
    const log = (level: 'warn' | 'error', fields: Record<string, unknown>, message: string) =>
      logger[level]({ provider: profile.id, connectionId: options.connectionId, endpoint, ...(request.docs && { docs: request.docs }), ...fields }, clean(message));
    let reauthorized = false;

    for (let attempt = 1; ; attempt += 1) {
      const wait = blockedUntil - now();
      if (wait > 0) await sleep(wait);
      await options.rateLimiter?.take(bucketKey, profile.rateLimit);
      const started = now();
      const { attempt: result, headers: sent } = await send(request, url);
      const durationMs = now() - started;
      const lastAttempt = attempt >= profile.retry.maxAttempts;

      if (result.kind === 'network') {
        const retry = idempotent && !lastAttempt;
        options.metrics?.record({ provider: profile.id, connectionId: options.connectionId, method: request.method, path: url.pathname, status: 'network', attempt, durationMs, retried: retry });
        if (!retry) {
          log('error', { attempt }, `${endpoint} failed: ${result.reason}`);
          throw fail('upstream_unavailable', endpoint, `${result.reason}${idempotent ? ` after ${attempt} attempt(s)` : ' (not retried: the write is not idempotent)'}`);
        }
        const delay = backoffDelayMs(profile.retry, attempt, random);
        log('warn', { attempt, delayMs: delay }, `${endpoint} failed: ${result.reason}; retrying`);
        await sleep(delay);
        continue;
      }

      const { response, text } = result;
      const status = response.status;
      const resetMs = noteRateLimitHeaders(response.headers);

      if (status === 401 && !reauthorized && auth.onUnauthorized) {
        options.metrics?.record({ provider: profile.id, connectionId: options.connectionId, method: request.method, path: url.pathname, status, attempt, durationMs, retried: true });
        reauthorized = true;
        log('warn', { attempt, status }, `${endpoint} answered 401; refreshing credentials`);
        // A 401 was not processed by the provider, so even a non-idempotent write is safe to resend.
        if (await auth.onUnauthorized(sent)) {
          attempt -= 1;
          continue;
        }
      }

      const retryable = isRetryableStatus(status) && (status === 429 || idempotent);
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfterMs(response.headers.get('retry-after'), now()) ?? (status === 429 ? resetMs : undefined) : undefined;
      const tooLong = retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs;
      const retry = retryable && !lastAttempt && !tooLong;
      options.metrics?.record({ provider: profile.id, connectionId: options.connectionId, method: request.method, path: url.pathname, status, attempt, durationMs, retried: retry });

      if (status >= 200 && status < 300) return { status, headers: response.headers, body: parseBody(text, schema, endpoint) };
      if (retry) {
        const delay = retryAfterMs ?? backoffDelayMs(profile.retry, attempt, random);
        log('warn', { attempt, status, delayMs: delay }, `${endpoint} answered ${status}; retrying in ${delay} ms`);
        await sleep(delay);
        continue;
      }
      const error = errorFor(status, text, endpoint, attempt, idempotent, retryAfterMs, request.docs);
      log(status >= 500 || status === 429 ? 'error' : 'warn', { attempt, status, code: error.code }, error.message);
      throw error;
    }
  }

  function parseBody<T>(text: string, schema: z.ZodType<T>, endpoint: string): T {
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw fail('invalid_response', endpoint, 'answered with a body that is not JSON');
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw fail('invalid_response', endpoint, `answered with a body its documented schema does not allow (${issues})`);
  }

  function errorFor(status: number, text: string, endpoint: string, attempt: number, idempotent: boolean, retryAfterMs: number | undefined, docs: string | undefined): ConnectorError {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: mapError gets the text.
    }
    const vendor = vendorMessage(body);
    const see = docs ? ` (see ${docs})` : '';
    if (status === 429) {
      const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
      return fail('rate_limited', endpoint, `rate limit reached after ${attempt} attempt(s)${retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`}`, { status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) });
    }
    if (status >= 500) {
      const why = idempotent || status === 501 ? `after ${attempt} attempt(s)` : '(not retried: the write is not idempotent)';
      return fail('upstream_unavailable', endpoint, `answered HTTP ${status} ${why}${vendor}`, { status });
    }
    const mapped = profile.mapError?.(status, body);
    if (mapped) return fail(mapped.code, endpoint, `${mapped.message}${see}`, { status });
    if (status === 401) return fail('unauthorized', endpoint, `credentials were rejected (HTTP 401)${vendor}: check or reconnect the connection`, { status });
    if (status === 403) return fail('unauthorized', endpoint, `access denied (HTTP 403)${vendor}: the connection lacks a required scope or permission`, { status });
    if (status === 404) return fail('not_found', endpoint, `not found (HTTP 404)${vendor}`, { status });
    return fail('misconfigured', endpoint, `rejected the request (HTTP ${status})${vendor}${see}`, { status });
  }

  return { request };
}

/** The vendor's own message, when its error body has one, shortened. */
function vendorMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('message' in body)) return '';
  const message = body.message;
  return typeof message === 'string' && message.length > 0 ? `: ${message.slice(0, 300)}` : '';
}
