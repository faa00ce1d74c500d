import type { WorkflowDefinition, WorkflowEnginePort, WorkflowRunProspect, WorkflowRunState } from '@bizosaas/domain';
import { InProcessWorkflowEngine, type Platform } from '@bizosaas/platform';
import { createWorkflowClient, launchedWorkflowEngine } from '../workflows/workflow-engine.factory.js';

/** The engine agent runs are started, signalled and cancelled on, and how to let go of it. */
export interface AgentRunEngine {
  readonly engine: WorkflowEnginePort;
  close(): Promise<void>;
}

/**
 * The workflow engine agent runs execute on.
 * - WORKFLOWS_ENABLED (the default): DBOS, durable. A run is enqueued on the `agent-runs` queue and executed by
 *   a worker's engine (the workflows duty registers the run workflow), so it survives a restart of any process.
 *   Runs are started through the engine the duty launched in this process (role all), else through a DBOS
 *   client that does not execute (gateway and subgraph processes), made on first use.
 * - Otherwise: the in-process engine, executing `workflow` here; a restart loses running runs (tests that run
 *   several products in one process, where DBOS allows one executor).
 */
export function createAgentRunEngine(platform: Platform, workflow: WorkflowDefinition<never, unknown>): AgentRunEngine {
  if (!platform.config.workflows.enabled) {
    const engine = new InProcessWorkflowEngine();
    engine.register(workflow);
    return { engine, close: async () => undefined };
  }
  let client: ReturnType<typeof createWorkflowClient> | undefined;
  const current = async (): Promise<WorkflowEnginePort> => {
    const launched = launchedWorkflowEngine(platform);
    if (launched) return launched;
    client ??= createWorkflowClient(platform).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
  return {
    engine: new DeferredWorkflowEngine(current),
    close: async () => {
      const made = client;
      client = undefined;
      await made?.then((engine) => engine.close(), () => undefined);
    },
  };
}

/** A WorkflowEnginePort whose engine is found (or made) when a call needs it. Workflows are registered on that engine. */
class DeferredWorkflowEngine implements WorkflowEnginePort {
  constructor(private readonly current: () => Promise<WorkflowEnginePort>) {}

  register(): void {
    throw new Error('register workflows on the engine that executes them');
  }

  async start<I>(workflowName: string, request: { readonly runId: string; readonly tenantId: string; readonly input: I; readonly queue?: string }): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }> {
    return (await this.current()).start(workflowName, request);
  }

  async send(runId: string, topic: string, message: unknown, idempotencyKey?: string): Promise<void> {
    await (await this.current()).send(runId, topic, message, idempotencyKey);
  }

  async cancel(runId: string): Promise<void> {
    await (await this.current()).cancel(runId);
  }

  async state(runId: string): Promise<WorkflowRunState | undefined> {
    return (await this.current()).state(runId);
  }

  async prospects(runIds: readonly string[]): Promise<ReadonlyMap<string, WorkflowRunProspect>> {
    return (await this.current()).prospects(runIds);
  }

  async awaitRun(runId: string, timeoutMs: number): Promise<WorkflowRunState> {
    return (await this.current()).awaitRun(runId, timeoutMs);
  }
}
