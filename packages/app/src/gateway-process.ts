import { startGateway, type RunningGateway } from '@bizosaas/gateway';
import type { PlanWorker } from '@bizosaas/gateway/plan-worker';
import { apiKeyPrefix, CachedApiKeyAuthenticator, openRedisAbuseStore, renderPortMetrics, type Platform } from '@bizosaas/platform';
import { EVENT_SUBSCRIPTIONS } from '@bizosaas/subgraph-platform';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCredentialPrincipal } from './agents/agent-runtime.js';
import { mcpEndpoint } from './mcp/mcp-route.js';
import type { ConnectorRuntime } from './connector-runtime.js';
import { peopleGatewayOptions } from './accounts.adapter.js';
import { SUPERGRAPH_PATH } from './planner-launch.js';

export { SUPERGRAPH_PATH } from './planner-launch.js';

/** The portal's prebuilt files (`npm run build` bundles packages/portal into them); served at `/`. */
export const PORTAL_DIR = fileURLToPath(new URL('../../portal/dist', import.meta.url));

/** A gateway and what it opened for itself (the shared abuse counters). */
export interface GatewayProcess {
  readonly gateway: RunningGateway;
  close(): Promise<void>;
}

/**
 * Starts the public gateway over the subgraphs at `subgraphUrls` (by name), whether they run in this
 * process (`all`) or elsewhere (`gateway`): the gateway only ever calls them over HTTP. `planner`, when
 * given, is the query planner thread `launchPlanner` started earlier; the gateway takes it over.
 */
export async function startGatewayProcess(platform: Platform, runtime: ConnectorRuntime, subgraphUrls: Readonly<Record<string, string>>, port: number, planner?: PlanWorker): Promise<GatewayProcess> {
  const config = platform.config;
  // Abuse counters shared by every gateway when Redis is configured; the gateway keeps them in memory otherwise.
  const abuseCounters = config.redis ? openRedisAbuseStore({ url: config.redis.url, prefix: config.abuse.redisPrefix, logger: platform.logger, outage: platform.redisOutage }) : undefined;
  // Keys are checked in memory; revocations reach this process through the database within a second.
  const apiKeys = new CachedApiKeyAuthenticator(platform.apiKeys, {
    onPollError: (error) => platform.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'API key revocation poll failed; checking keys in the database'),
  });
  // The MCP endpoint runs tools through this very gateway, known once it listens.
  let selfUrl = '';
  try {
    await apiKeys.start();
    const gateway = await startGateway({
      supergraphSdl: planner?.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'),
      ...(planner ? { planner } : {}),
      subgraphUrls,
      subgraphTimeoutMs: config.subgraphs.fetchTimeoutMs,
      host: config.host,
      port,
      signingKey: platform.contextSigningKey,
      contextTtlSeconds: config.context.tokenTtlSeconds,
      introspection: config.graphql.introspection,
      suggestions: config.graphql.suggestions,
      landingPage: config.graphql.landingPage,
      limits: config.graphql.limits,
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
      endpoints: [mcpEndpoint(() => selfUrl)],
      idempotency: platform.idempotency,
      portalDir: PORTAL_DIR,
      people: peopleGatewayOptions(platform),
      abuse: { limits: config.abuse, keyPrefix: apiKeyPrefix, ...(abuseCounters ? { store: abuseCounters.store } : {}) },
      metrics: () => `${renderPortMetrics(platform.metrics)}${runtime.metrics.render()}${platform.eventMetrics.render()}`,
      authenticate: async (key) => {
        const run = runCredentialPrincipal(platform, key);
        if (run) return run;
        const principal = await apiKeys.authenticate(key);
        return principal && { tenantId: principal.tenantId, userId: principal.keyId, roles: principal.roles };
      },
    });
    selfUrl = gateway.url;
    return {
      gateway,
      close: async () => {
        await gateway.close();
        await apiKeys.close();
        abuseCounters?.close();
      },
    };
  } catch (error) {
    await apiKeys.close();
    abuseCounters?.close();
    throw error;
  }
}
