/**
 * The connector kit: the only way a connector talks HTTP (DESIGN.md, "Connectors"). Provider quirks are
 * data (`ProviderProfile`); retries, rate limits, pagination, OAuth2 and redaction are written once here.
 */
export type { ProviderProfile } from './provider-profile.js';
export { createHttpClient, type ConnectorHttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './http-client.js';
export { currentDeadline, runWithDeadline } from './deadline.js';
export {
  backoffDelayMs,
  decideRetry,
  exhaustedBudgetMs,
  isIdempotent,
  isRetryableStatus,
  parseRetryAfterMs,
  rateLimitResetMs,
  type AttemptOutcome,
  type RetryDecision,
  type RetryInput,
} from './retry-policy.js';
export { classifyFailure, vendorMessage, type FailureContext, type ProviderFailure } from './provider-error.js';
export { basicAuth, bearerToken, headerToken, noAuth, type AuthStrategy } from './auth.js';
export {
  authorizeUrl,
  exchangeCode,
  InMemoryTokenStore,
  oauth2Auth,
  parseStandardTokenResponse,
  type OAuth2AuthOptions,
  type OAuth2Provider,
  type OAuth2Tokens,
  type TokenStore,
} from './oauth2.js';
export { InProcessLock, type Lock } from './lock.js';
export { RedisLock } from './redis-lock.js';
export { chunks, collect, cursorPaging, linkPaging, nextFromLinkHeader, offsetPaging, pageNumberPaging, paginate, type PaginateOptions } from './pagination.js';
export { InMemoryRateLimiter, realSleep, type RateLimitConfig, type RateLimiter } from './rate-limiter.js';
export { RedisRateLimiter } from './redis-rate-limiter.js';
export { redact, REDACTED } from './redact.js';
export { PrometheusConnectorMetrics, type ConnectorCallRecord, type ConnectorMetrics } from './metrics.js';
export { QuotaMetrics, type QuotaObservation, type QuotaWait } from './quota-metrics.js';
export { silentLogger, type KitLogger } from './kit-logger.js';
export { defineHttpConnector, type HttpConnection, type HttpConnectorFactory, type HttpConnectorParts, type HttpConnectorRuntime } from './define-http-connector.js';
export { webhookReplayKey } from './webhook-replay.js';
