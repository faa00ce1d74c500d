import type { ConnectorErrorCode } from '@bizosaas/domain';

/**
 * A provider's HTTP quirks as data (Nango style): one retry function, one rate limiter and one set of
 * pagination generators serve every provider, configured by this record.
 */
export interface ProviderProfile {
  /** Provider id, e.g. `hubspot`, `zoho`; named in every error and log line. */
  readonly id: string;
  /** Timeout of one attempt, in milliseconds. */
  readonly timeoutMs: number;
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  /** Token bucket per connection. */
  readonly rateLimit: { readonly capacity: number; readonly refillPerSecond: number };
  /** Header names the provider uses to report remaining budget / reset, read after every response. */
  readonly rateLimitHeaders?: { readonly remaining?: string; readonly resetSeconds?: string };
  /** Header the provider reads an idempotency key from (e.g. Stripe's `Idempotency-Key`); none when absent. */
  readonly idempotencyHeader?: string;
  /** Maps a non-2xx vendor answer to a connector error code (return undefined for the kit's default mapping). */
  mapError?(status: number, body: unknown): { code: ConnectorErrorCode; message: string } | undefined;
  /**
   * Reads an error out of a 2xx answer, for providers that report some failures with HTTP 200 (Zoho);
   * undefined when the body is a real success.
   */
  errorInSuccess?(status: number, body: unknown): { code: ConnectorErrorCode; message: string } | undefined;
}
