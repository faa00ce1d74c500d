import { createLogger, createPlatform, type Config, type Logger, type Platform } from '@bizosaas/platform';
import type { RunningServer } from '@bizosaas/subgraph-kit';
import { closeAgentRuntime } from './agents/agent-runtime.js';
import { startApp, type StartAppOptions } from './app.js';
import { createConnectorRuntime, type ConnectorRuntime } from './connector-runtime.js';
import { seedDemoOnce, type DemoTenant } from './demo-seed.js';
import { startGatewayProcess } from './gateway-process.js';
import { servedSubgraphs, subgraphPort, subgraphUrls } from './subgraph-addresses.js';
import { startSubgraph } from './subgraphs.js';
import { startWorker } from './worker.js';
import { WORKER_DUTIES } from './worker-duties.js';
import { startIntentRecovery } from './intent-resolvers.js';

/** One process of the product in its configured ROLE. */
export interface RunningRole {
  readonly role: Config['role'];
  /** The public GraphQL URL (roles all and gateway). */
  readonly gatewayUrl?: string;
  /** URLs of the subgraphs served by this process, by name. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** Names of the worker duties running here (roles all and worker). */
  readonly duties: readonly string[];
  /** Empty when DEMO_SEED=false or the role does not seed (subgraph, worker). */
  readonly demoTenants: readonly DemoTenant[];
  readonly platform: Platform;
  close(): Promise<void>;
}

/**
 * Starts what ROLE asks for. `all` is the whole product in one process; the others are one part each,
 * sharing only PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) with the rest:
 * - `gateway`: the public endpoint, calling subgraphs at SUBGRAPH_URLS (by name); any number of replicas;
 * - `subgraph`: the subgraphs named in SUBGRAPHS (default all), each on its port;
 * - `worker`: the worker duties (consumer-group handlers; any number of replicas share the work).
 * @throws ConfigError for a subgraph name that does not exist.
 */
export async function startRole(config: Config, options: StartAppOptions = {}): Promise<RunningRole> {
  // Names are checked in every role: a gateway with a misspelt SUBGRAPH_URLS entry must not start.
  const entries = servedSubgraphs(config);
  if (config.role === 'all') {
    const app = await startApp(config, options);
    return { role: 'all', gatewayUrl: app.gatewayUrl, subgraphUrls: app.subgraphUrls, duties: WORKER_DUTIES.map((duty) => duty.name), demoTenants: app.demoTenants, platform: app.platform, close: app.close };
  }
  const logger: Logger = options.logger ?? createLogger({ level: config.log.level, name: `bizosaas-${config.role}` });
  const runtime = createConnectorRuntime(config, logger);
  const platform = await createPlatform(config, { connectors: runtime.connectors, logger });
  runtime.bind(platform);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) {
      await closeOne().catch((error: unknown) => platform.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'stopping a part of the role failed'));
    }
    await closeAgentRuntime(platform);
    await platform.close();
    await runtime.close();
  };
  try {
    const started = await startPart(config, platform, runtime, entries, options, closers);
    return { role: config.role, ...started, platform, close };
  } catch (error) {
    await close();
    throw error;
  }
}

type Part = Pick<RunningRole, 'gatewayUrl' | 'subgraphUrls' | 'duties' | 'demoTenants'>;

async function startPart(
  config: Config,
  platform: Platform,
  runtime: ConnectorRuntime,
  entries: ReturnType<typeof servedSubgraphs>,
  options: StartAppOptions,
  closers: Array<() => Promise<void>>,
): Promise<Part> {
  // Processes that serve requests write outbox rows (mutations, webhooks) and relay them: woken by their own
  // commits, one pass at a time per database (advisory lock), other processes' rows picked up by polling.
  if (config.role === 'gateway' || config.role === 'subgraph') {
    platform.relay.start();
    startIntentRecovery(platform);
  }
  switch (config.role) {
    case 'gateway': {
      const demoTenants = config.demoSeed ? await seedDemoOnce(platform) : [];
      const front = await startGatewayProcess(platform, runtime, subgraphUrls(config), options.ephemeralPorts ? 0 : config.gateway.port, options.planner);
      closers.push(front.close);
      return { gatewayUrl: front.gateway.url, subgraphUrls: {}, duties: [], demoTenants };
    }
    case 'subgraph': {
      const urls: Record<string, string> = {};
      for (const entry of entries) {
        const server: RunningServer = await startSubgraph(entry, platform, options.ephemeralPorts ? 0 : subgraphPort(config, entry));
        closers.push(() => server.close());
        urls[entry.name] = server.url;
      }
      return { subgraphUrls: urls, duties: [], demoTenants: [] };
    }
    default: {
      const worker = await startWorker(platform);
      closers.push(worker.close);
      return { subgraphUrls: {}, duties: worker.duties, demoTenants: [] };
    }
  }
}
