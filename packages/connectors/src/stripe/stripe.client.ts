import type { ConnectorMetrics, KitLogger, RateLimitConfig, RateLimiter } from '@bizosaas/connector-kit';
import type Stripe from 'stripe';

/**
 * Stripe's documented limit is 100 read and 100 write operations per second in live mode and 25 in test
 * mode (https://docs.stripe.com/rate-limits); the bucket holds the test-mode figure so a connection never
 * trips the lower one.
 */
export const STRIPE_RATE_LIMIT: RateLimitConfig = { capacity: 25, refillPerSecond: 25 };

/** What the platform wires into every Stripe client (all optional). */
export interface StripeClientOptions {
  readonly connectionId: string;
  readonly secretKey: string;
  /** `https://api.stripe.com`, or a loopback emulator or Prism mock in tests. */
  readonly baseUrl: string;
  readonly rateLimiter?: RateLimiter;
  readonly metrics?: ConnectorMetrics;
  readonly logger?: KitLogger;
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout; the stripe package retries a timed-out attempt with the same Idempotency-Key. */
  readonly timeoutMs?: number;
  readonly maxNetworkRetries?: number;
}

/**
 * The official `stripe` client aimed at `baseUrl` through its host/port/protocol options. HTTP goes through
 * a fetch that takes the connection's rate-limit token first and records each attempt's status and
 * duration (path only: query strings can carry customer emails). Retries with backoff, `Stripe-Should-Retry`
 * and idempotency keys are the package's own; the adapter passes its deterministic keys on writes. The
 * package is imported here, at the first client, not when the connectors load.
 */
export function createStripeClient(options: StripeClientOptions): Promise<Stripe> {
  const url = new URL(options.baseUrl);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const bucket = `stripe:${options.connectionId}`;
  // Attempts per idempotency key: the package retries a write with the key it first sent.
  const attempts = new Map<string, number>();
  const instrumented: typeof fetch = async (input, init) => {
    if (options.rateLimiter) await options.rateLimiter.take(bucket, STRIPE_RATE_LIMIT);
    const method = init?.method ?? 'GET';
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    const started = Date.now();
    const key = new Headers(init?.headers).get('idempotency-key');
    const attempt = key === null ? 1 : (attempts.get(key) ?? 0) + 1;
    if (key !== null) {
      if (attempts.size >= 1000) attempts.clear();
      attempts.set(key, attempt);
    }
    try {
      const response = await baseFetch(input, init);
      record(method, path, attempt, response.status, started, response.status >= 500 || response.status === 409);
      return response;
    } catch (error) {
      record(method, path, attempt, 'network', started, true);
      options.logger?.warn({ provider: 'stripe', connectionId: options.connectionId, method, path }, 'Stripe request failed before an answer');
      throw error;
    }
  };
  const record = (method: string, path: string, attempt: number, status: number | 'network', started: number, retried: boolean) =>
    options.metrics?.record({ provider: 'stripe', connectionId: options.connectionId, method, path, status, attempt, durationMs: Date.now() - started, retried });
  // Loaded at the first client (~220 modules, ~0.1 s of CPU), not with the connectors: most starts never call Stripe.
  const client = import('stripe').then(
    ({ default: Stripe }) =>
      new Stripe(options.secretKey, {
        host: url.hostname,
        port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
        protocol: url.protocol === 'http:' ? 'http' : 'https',
        httpClient: Stripe.createFetchHttpClient(instrumented),
        maxNetworkRetries: options.maxNetworkRetries ?? 2,
        timeout: options.timeoutMs ?? 30_000,
        telemetry: false,
        appInfo: { name: 'BizOSaaS' },
      }),
  );
  // A failed load reaches the first call that awaits the client, never as an unhandled rejection meanwhile.
  client.catch(() => undefined);
  return client;
}
