import type { RunningGateway } from '@bizosaas/gateway';
import type { PlanWorker } from '@bizosaas/gateway/plan-worker';
import { createLogger, createPlatform, type Config, type EmbeddedPostgres, type Logger, type Platform } from '@bizosaas/platform';
import type { RunningServer } from '@bizosaas/subgraph-kit';
import { agentRuntimeFor, closeAgentRuntime } from './agents/agent-runtime.js';
import { createConnectorRuntime } from './connector-runtime.js';
import { seedDemoOnce, type DemoTenant } from './demo-seed.js';
import { startIntentRecovery } from './intent-resolvers.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { subgraphPort } from './subgraph-addresses.js';
import { startSubgraph, SUBGRAPHS } from './subgraphs.js';
import { startWorker, type RunningWorker } from './worker.js';
import { launchedWorkflowEngine } from './workflows/workflow-engine.factory.js';

export { SUPERGRAPH_PATH } from './gateway-process.js';

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
  /** The gateway's query planner thread, launched by `main.ts` over the committed supergraph while this module loaded. */
  readonly planner?: PlanWorker;
}

/**
 * Starts the whole product in one process (ROLE=all): platform, every subgraph on its own port, the
 * gateway in front of them (federating over HTTP exactly as separate processes would) and the worker duties.
 */
export async function startApp(config: Config, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.log.level, name: 'bizosaas' });
  const runtime = createConnectorRuntime(config, logger);
  const platform = await createPlatform(config, { connectors: runtime.connectors, logger, ...(options.embeddedDatabase ? { embeddedDatabase: options.embeddedDatabase } : {}) });
  runtime.bind(platform);
  // Events committed before a crash (or while the bus was down) leave the outbox from here on.
  platform.relay.start();
  startIntentRecovery(platform);
  const servers: RunningServer[] = [];
  let front: GatewayProcess | undefined;
  let worker: RunningWorker | undefined;
  const stop = async () => {
    // Runs executing here stop before the gateway their tool calls go through: they resume, they do not fail.
    launchedWorkflowEngine(platform)?.interrupt();
    await front?.close();
    await worker?.close();
    await Promise.allSettled(servers.map((server) => server.close()));
    await closeAgentRuntime(platform);
    await platform.close();
    await runtime.close();
  };
  // The seed (or its check, a few dozen queries) waits on the database while the subgraphs build their
  // schemas (CPU); the catch only keeps a failure from counting as unhandled before it is awaited.
  const seeding = config.demoSeed ? seedDemoOnce(platform) : Promise.resolve([]);
  seeding.catch(() => undefined);
  try {
    const subgraphUrls: Record<string, string> = {};
    for (const subgraph of SUBGRAPHS) {
      const server = await startSubgraph(subgraph, platform, options.ephemeralPorts ? 0 : subgraphPort(config, subgraph));
      servers.push(server);
      subgraphUrls[subgraph.name] = server.url;
    }
    const demoTenants = await seeding;
    front = await startGatewayProcess(platform, runtime, subgraphUrls, options.ephemeralPorts ? 0 : config.gateway.port, options.planner);
    agentRuntimeFor(platform).bindGateway(front.gateway.url);
    worker = await startWorker(platform);
    const gateway = front.gateway;
    return { gatewayUrl: gateway.url, subgraphUrls, platform, gateway, demoTenants, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
