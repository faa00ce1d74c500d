import type { WorkflowDefinition, WorkflowEnginePort } from '@bizosaas/domain';
import { RUN_CREDENTIAL_PREFIX, RunCredentials, type Platform } from '@bizosaas/platform';
import { agentRunWorkflow, AgentRunUpdates, EngineAgentRunner, loadSdkToolCatalogue, type AgentRunInput, type AgentRunner, type AgentRunOutcome, type ToolCatalogue } from '@bizosaas/subgraph-agents';
import { GatewayToolExecutor } from './gateway-tool-executor.js';
import { RunUpdateEvents } from './run-update-events.js';
import { createAgentRunEngine } from './workflow-engine.factory.js';

/**
 * The agent runtime of one process: the run workflow (executed where the engine executes: a worker's DBOS,
 * or this process's in-process engine), the engine runs are started on, the runner the agents subgraph
 * calls, live updates.
 */
export interface AgentRuntime {
  readonly workflow: WorkflowDefinition<AgentRunInput, AgentRunOutcome>;
  readonly engine: WorkflowEnginePort;
  readonly runner: AgentRunner;
  readonly updates: AgentRunUpdates;
  readonly credentials: RunCredentials;
  /** Where tool calls go (the gateway of this deployment); set once the gateway listens. */
  bindGateway(url: string): void;
  /** Lets go of the engine's connections (a DBOS client made for starting runs). */
  close(): Promise<void>;
}

const runtimes = new WeakMap<Platform, AgentRuntime>();

/** The process's one agent runtime for `platform` (built on first use). */
export function agentRuntimeFor(platform: Platform): AgentRuntime {
  const existing = runtimes.get(platform);
  if (existing) return existing;
  const config = platform.config;
  let gatewayUrl = config.agents.gatewayUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.gateway.port}`;
  const credentials = new RunCredentials(platform.contextSigningKey);
  const updates = new AgentRunUpdates();
  const events = new RunUpdateEvents(platform.events, (error) => platform.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'could not publish an agent run update'));
  const workflow = agentRunWorkflow({
    store: platform.agents,
    budget: platform.agentBudget,
    llmFor: (tenantId) => platform.adapters.get(tenantId, 'llm'),
    catalogue: lazyCatalogue(loadSdkToolCatalogue),
    tools: new GatewayToolExecutor(credentials, () => gatewayUrl),
    limits: config.agents,
    publish: (update) => {
      updates.publish(update);
      events.publish(update);
    },
    now: Date.now,
  });
  const { engine, close } = createAgentRunEngine(platform, workflow as WorkflowDefinition<never, unknown>);
  const runtime: AgentRuntime = {
    workflow,
    engine,
    runner: new EngineAgentRunner(engine),
    updates,
    credentials,
    bindGateway: (url) => {
      if (!config.agents.gatewayUrl) gatewayUrl = url.replace(/\/graphql$/, '').replace(/\/+$/, '');
    },
    close,
  };
  runtimes.set(platform, runtime);
  return runtime;
}

/** What the agents subgraph gets from the runtime. */
export function agentRuntimeDeps(platform: Platform): { readonly runner: AgentRunner; readonly agentBudget: Platform['agentBudget']; readonly runUpdates: AgentRunUpdates } {
  const runtime = agentRuntimeFor(platform);
  return { runner: runtime.runner, agentBudget: platform.agentBudget, runUpdates: runtime.updates };
}

/** The gateway's principal for a run credential, or null when the key is not one (or not valid). */
export function runCredentialPrincipal(platform: Platform, key: string): { tenantId: string; userId: string; roles: readonly string[]; operations: readonly string[] } | null {
  if (!key.startsWith(RUN_CREDENTIAL_PREFIX)) return null;
  const run = agentRuntimeFor(platform).credentials.verify(key);
  return run && { tenantId: run.tenantId, userId: `agent-run:${run.runId}`, roles: run.roles, operations: run.operations };
}

/** Closes the process's agent runtime for `platform`, if one was built (at shutdown, before the platform). */
export async function closeAgentRuntime(platform: Platform): Promise<void> {
  await runtimes.get(platform)?.close();
}

/**
 * The catalogue, built when a run first reads it: building it (the SDK's schema and its operations,
 * ~50 ms) while the process starts delayed the gateway's first answer for runs that may never come.
 */
export function lazyCatalogue(build: () => ToolCatalogue): ToolCatalogue {
  let built: ToolCatalogue | undefined;
  const catalogue = () => (built ??= build());
  return {
    get schema() {
      return catalogue().schema;
    },
    get tools() {
      return catalogue().tools;
    },
  };
}
