import { createDrupalCmsConnector, createShopifyCommerceConnector, createStripeBillingConnector, createWagtailCmsConnector, createWordPressCmsConnector, ga4AnalyticsConnector, hubSpotCrmConnector, mailchimpConnector, openAiConnector, sandboxConnectors, twilioConnector, wooCommerceConnector, zohoCrmConnector } from '@bizosaas/connectors';
import { InMemoryRateLimiter, InProcessLock, PrometheusConnectorMetrics, RedisLock, RedisRateLimiter, type Lock, type OAuth2Tokens, type RateLimiter, type TokenStore } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { openRedisClient, type Config, type Logger, type Platform } from '@bizosaas/platform';

/** What the real-provider connectors share in one process: metrics, a refresh lock and rate limits. */
export interface ConnectorRuntime {
  readonly connectors: readonly ConnectorDefinition[];
  readonly metrics: PrometheusConnectorMetrics;
  /** Late-binds the platform the token stores write to (it is built after the connector list). */
  bind(platform: Platform): void;
  close(): Promise<void>;
}

/**
 * Builds the connector registry of this process (the only list of connectors: the platform's catalogue,
 * connect flow, adapter factory and webhooks all read it). OAuth tokens of HubSpot and Zoho connections are kept
 * in the secret store (so a refresh survives restarts and is seen by every process), a dead refresh token
 * marks the connection NEEDS_REAUTH, and with REDIS_URL the refresh lock and the rate-limit buckets are
 * shared across processes.
 */
export function createConnectorRuntime(config: Config, logger: Logger): ConnectorRuntime {
  const redis = config.redis ? openRedisClient(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 }) : undefined;
  const lock: Lock = redis ? new RedisLock(redis) : new InProcessLock();
  const rateLimiter: RateLimiter = redis ? new RedisRateLimiter(redis) : new InMemoryRateLimiter();
  const metrics = new PrometheusConnectorMetrics();
  let platform: Platform | undefined;
  const tokens = (context: ConnectorContext, seed: OAuth2Tokens): TokenStore => {
    if (!platform) throw new Error('connector runtime used before the platform was bound');
    return new SecretTokenStore(platform, context, seed);
  };
  const kitLogger = logger.child({ component: 'connectors' });
  const shared = { lock, rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback, tokenStore: tokens };
  const connectors: ConnectorDefinition[] = [
    ...sandboxConnectors,
    hubSpotCrmConnector(shared),
    zohoCrmConnector(shared),
    // Basic auth with an application password: no tokens to store, no refresh lock.
    createWordPressCmsConnector({ rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback }),
    createWagtailCmsConnector({ rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback }),
    createDrupalCmsConnector({ rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback }),
    createShopifyCommerceConnector({ rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback, webhookMaxAgeSeconds: config.shopifyWebhookMaxAgeSeconds }),
    createStripeBillingConnector({ rateLimiter, metrics, logger: kitLogger, allowEmulator: config.connectorsAllowLoopback }),
    // Providers built with defineHttpConnector are one line each, like the two above.
    wooCommerceConnector(shared),
    ga4AnalyticsConnector(shared),
    twilioConnector(shared),
    mailchimpConnector(shared),
    openAiConnector(shared),
  ];
  return {
    connectors,
    metrics,
    bind: (bound) => {
      platform = bound;
    },
    close: async () => {
      redis?.disconnect();
    },
  };
}

/**
 * A connection's OAuth tokens in the secret store, beside its credentials. Before the first refresh
 * they are the tokens the tenant connected with.
 */
class SecretTokenStore implements TokenStore {
  private readonly path: string;

  constructor(
    private readonly platform: Platform,
    private readonly context: ConnectorContext,
    private readonly seed: OAuth2Tokens,
  ) {
    this.path = `tenants/${context.tenantId}/oauth-tokens/${context.connectionId}`;
  }

  async load(): Promise<OAuth2Tokens | null> {
    const stored = await this.platform.secrets.get(this.path);
    if (!stored?.accessToken || !stored.refreshToken) return this.seed;
    return { accessToken: stored.accessToken, refreshToken: stored.refreshToken, expiresAt: Number(stored.expiresAt ?? 0) };
  }

  async save(tokens: OAuth2Tokens): Promise<void> {
    await this.platform.secrets.put(this.path, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: String(tokens.expiresAt) });
  }

  async markNeedsReauth(reason: string): Promise<void> {
    await this.platform.connections.markStatus(this.context.connectionId, 'needs_reauth', reason);
  }
}
