import { startGateway, type RunningGateway } from '@bizosaas/gateway';
import { apiKeyPrefix, CachedApiKeyAuthenticator, createLogger, createPlatform, openRedisAbuseStore, renderPortMetrics, type Config, type EmbeddedPostgres, type Logger, type Platform } from '@bizosaas/platform';
import { createConnectorRuntime } from './connector-runtime.js';
import { EVENT_SUBSCRIPTIONS } from '@bizosaas/subgraph-platform';
import type { RunningServer } from '@bizosaas/subgraph-kit';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedDemo, type DemoTenant } from './demo-seed.js';
import { startSubgraph, SUBGRAPHS } from './subgraphs.js';

/** The committed, composed supergraph (`npm run compose`). */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../../supergraph.graphql', import.meta.url));

export interface RunningApp {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly platform: Platform;
  readonly gateway: RunningGateway;
  /** Empty when DEMO_SEED=false. */
  readonly demoTenants: readonly DemoTenant[];
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Listen on free ports instead of the configured ones (tests run several apps). */
  readonly ephemeralPorts?: boolean;
  readonly logger?: Logger;
  /** The embedded PostgreSQL, already being started by `main.ts` while this module loaded. */
  readonly embeddedDatabase?: Promise<EmbeddedPostgres>;
}

/**
 * Starts the whole product in one process: platform, every subgraph on its own port, and the gateway in
 * front of them, federating over HTTP exactly as separate processes would.
 */
export async function startApp(config: Config, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.log.level, name: 'bizosaas' });
  const runtime = createConnectorRuntime(config, logger);
  const platform = await createPlatform(config, { connectors: runtime.connectors, logger, ...(options.embeddedDatabase ? { embeddedDatabase: options.embeddedDatabase } : {}) });
  runtime.bind(platform);
  const servers: RunningServer[] = [];
  // Abuse counters shared by every gateway when Redis is configured; the gateway keeps them in memory otherwise.
  const abuseCounters = config.redis ? openRedisAbuseStore({ url: config.redis.url, prefix: config.abuse.redisPrefix, logger: platform.logger }) : undefined;
  // Keys are checked in memory; revocations reach this process through the database within a second.
  const apiKeys = new CachedApiKeyAuthenticator(platform.apiKeys, {
    onPollError: (error) => platform.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'API key revocation poll failed; checking keys in the database'),
  });
  try {
    await apiKeys.start();
    const demoTenants = config.demoSeed ? await seedDemo(platform) : [];
    const subgraphUrls: Record<string, string> = {};
    for (const [index, subgraph] of SUBGRAPHS.entries()) {
      const server = await startSubgraph(subgraph, platform, options.ephemeralPorts ? 0 : config.subgraphs.basePort + index);
      servers.push(server);
      subgraphUrls[subgraph.name] = server.url;
    }
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls,
      host: config.host,
      port: options.ephemeralPorts ? 0 : config.gateway.port,
      signingKey: platform.contextSigningKey,
      contextTtlSeconds: config.context.tokenTtlSeconds,
      introspection: config.graphql.introspection,
      suggestions: config.graphql.suggestions,
      landingPage: config.graphql.landingPage,
      logger: platform.logger,
      subscriptions: { source: platform.events, routes: EVENT_SUBSCRIPTIONS },
      webhooks: (connectionId, request) => platform.webhooks.receive(connectionId, request),
      oauthCallback: async (query) => {
        const outcome = await platform.oauthConnect.complete(query);
        return outcome.ok
          ? { ok: true, title: `Connected ${outcome.providerName}`, message: `Connected ${outcome.providerName} for ${outcome.tenantName}. You can close this window.` }
          : { ok: false, title: 'Connection failed', message: outcome.reason };
      },
      readiness: () => platform.readiness.check(),
      abuse: { limits: config.abuse, keyPrefix: apiKeyPrefix, ...(abuseCounters ? { store: abuseCounters.store } : {}) },
      metrics: () => `${renderPortMetrics(platform.metrics)}${runtime.metrics.render()}`,
      authenticate: async (key) => {
        const principal = await apiKeys.authenticate(key);
        return principal && { tenantId: principal.tenantId, userId: principal.keyId, roles: principal.roles };
      },
    });
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      platform,
      gateway,
      demoTenants,
      close: async () => {
        await gateway.close();
        await apiKeys.close();
        abuseCounters?.close();
        await Promise.all(servers.map((server) => server.close()));
        await platform.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await Promise.allSettled(servers.map((server) => server.close()));
    await apiKeys.close();
    abuseCounters?.close();
    await platform.close();
    await runtime.close();
    throw error;
  }
}
