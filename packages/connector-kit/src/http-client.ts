import { ConnectorError } from '@bizosaas/domain';
import type { z } from 'zod';
import type { AuthStrategy } from './auth.js';
import { silentLogger, type KitLogger } from './kit-logger.js';
import type { ConnectorMetrics } from './metrics.js';
import type { ProviderProfile } from './provider-profile.js';
import type { RateLimiter } from './rate-limiter.js';
import { realSleep } from './rate-limiter.js';
import { redact } from './redact.js';
import { readBody, requestUrl } from './request-url.js';
import { currentDeadline } from './deadline.js';
import { decideRetry, exhaustedBudgetMs, isIdempotent, type AttemptOutcome, type RetryDecision } from './retry-policy.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Joined to the client's baseUrl; an absolute URL (a `next` link) must be on the baseUrl's origin. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** JSON, or form fields when a `URLSearchParams` (Twilio's 2010 API takes only forms). */
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

/**
 * The one HTTP core every connector uses (DESIGN.md, "Connectors"). The loop only waits, sends and asks
 * `decideRetry` what to do; metrics and logs are written once per attempt, in `note`.
 */
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
  const fail = (endpoint: string, failure: { code: ConnectorError['code']; message: string; details: ConnectorError['details'] }) =>
    new ConnectorError(failure.code, profile.id, clean(`${profile.id} ${endpoint}: ${failure.message}`), failure.details);

  async function send(request: HttpRequest, url: URL, deadline: number | undefined): Promise<{ outcome: AttemptOutcome; json: boolean; sent: Headers }> {
    const headers = new Headers(request.headers);
    // JSON unless the request names its own media type (Drupal's JSON:API wants application/vnd.api+json).
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const form = request.body instanceof URLSearchParams;
    if (request.body !== undefined && !headers.has('content-type')) headers.set('content-type', form ? 'application/x-www-form-urlencoded' : 'application/json');
    if (request.idempotencyKey !== undefined && profile.idempotencyHeader) headers.set(profile.idempotencyHeader, request.idempotencyKey);
    await auth.authorize(headers);
    const controller = new AbortController();
    // The provider's timeout, or less when the caller's deadline comes first.
    const timeoutMs = deadline === undefined ? profile.timeoutMs : Math.max(1, Math.min(profile.timeoutMs, deadline - now()));
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(url, {
        method: request.method,
        headers,
        ...(request.body !== undefined && { body: request.body instanceof URLSearchParams ? request.body.toString() : JSON.stringify(request.body) }),
        signal: controller.signal,
      });
      const body = readBody(await response.text());
      return { outcome: { kind: 'response', status: response.status, headers: response.headers, body: body.value }, json: body.json, sent: headers };
    } catch (error) {
      const reason = controller.signal.aborted ? `timed out after ${timeoutMs} ms` : `network error (${error instanceof Error ? error.message : String(error)})`;
      return { outcome: { kind: 'network', reason }, json: false, sent: headers };
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<HttpResponse<T>> {
    const url = requestUrl(profile.id, typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl, request);
    const endpoint = `${request.method} ${url.pathname}`;
    const idempotent = isIdempotent(request, profile.idempotencyHeader);

    /** The one place an attempt is measured and logged. */
    const note = (attempt: number, outcome: AttemptOutcome, durationMs: number, decision: RetryDecision) => {
      const status = outcome.kind === 'network' ? 'network' : outcome.status;
      const retried = decision.action === 'retry' || decision.action === 'reauthorize';
      options.metrics?.record({ provider: profile.id, connectionId: options.connectionId, method: request.method, path: url.pathname, status, attempt, durationMs, retried });
      if (decision.action === 'accept') return;
      const fields = { provider: profile.id, connectionId: options.connectionId, endpoint, attempt, ...(status !== 'network' && { status }), ...(request.docs && { docs: request.docs }) };
      if (decision.action === 'retry') logger.warn({ ...fields, delayMs: decision.delayMs }, clean(`${endpoint} ${decision.reason}; retrying in ${decision.delayMs} ms`));
      else if (decision.action === 'reauthorize') logger.warn(fields, `${endpoint} answered 401; credentials refreshed, sending again`);
      else {
        const serious = status === 'network' || status >= 500 || status === 429;
        logger[serious ? 'error' : 'warn']({ ...fields, code: decision.code }, clean(`${profile.id} ${endpoint}: ${decision.message}`));
      }
    };

    let canReauthorize = auth.onUnauthorized !== undefined;
    const deadline = currentDeadline();
    for (let attempt = 1; ; attempt += 1) {
      const wait = blockedUntil - now();
      if (wait > 0) await sleep(wait);
      await options.rateLimiter?.take(bucketKey, profile.rateLimit);
      const started = now();
      const { outcome, json, sent } = await send(request, url, deadline);
      const durationMs = now() - started;
      if (outcome.kind === 'response') {
        const resetMs = exhaustedBudgetMs(profile, outcome.headers);
        if (resetMs !== undefined) blockedUntil = Math.max(blockedUntil, now() + resetMs);
      }
      const ask = () => decideRetry({ attempt, outcome, request: { method: request.method, idempotent, ...(request.docs && { docs: request.docs }) }, profile, now: now(), random, maxRetryAfterMs, canReauthorize, ...(deadline !== undefined && { deadline }) });
      let decision = ask();
      if (decision.action === 'reauthorize') {
        canReauthorize = false;
        // A 401 was not processed by the provider, so even a non-idempotent write is safe to resend.
        if (await auth.onUnauthorized?.(sent)) {
          note(attempt, outcome, durationMs, decision);
          attempt -= 1;
          continue;
        }
        decision = ask();
      }
      note(attempt, outcome, durationMs, decision);
      if (decision.action === 'accept' && outcome.kind === 'response') return { status: outcome.status, headers: outcome.headers, body: parseBody(json, outcome.body, schema, endpoint) };
      if (decision.action === 'retry') {
        await sleep(decision.delayMs);
        continue;
      }
      if (decision.action === 'stop') throw fail(endpoint, decision);
    }
  }

  function parseBody<T>(json: boolean, body: unknown, schema: z.ZodType<T>, endpoint: string): T {
    if (!json) throw fail(endpoint, { code: 'invalid_response', message: 'answered with a body that is not JSON', details: {} });
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw fail(endpoint, { code: 'invalid_response', message: `answered with a body its documented schema does not allow (${issues})`, details: {} });
  }

  return { request };
}
