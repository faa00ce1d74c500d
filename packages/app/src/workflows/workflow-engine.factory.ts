import type { WorkflowDefinition } from '@bizosaas/domain';
import { DbosWorkflowEngine, type Platform } from '@bizosaas/platform';
import { AGENT_RUN_QUEUE, AGENT_RUN_WORKFLOW } from '@bizosaas/subgraph-agents';

/** The queue every run is started on: any worker takes it, WORKFLOWS_CONCURRENCY at once per worker. */
export const WORKFLOW_QUEUE = 'bizosaas-workflows';

/**
 * DBOS keeps its tables in a schema of their own next to the platform's: `dbos`, or `<DATABASE_SCHEMA>_dbos`
 * when the platform has its own schema (tests, several deployments on one server).
 */
export function dbosSchemaFor(platformSchema: string | undefined): string {
  return platformSchema ? `${platformSchema.slice(0, 58)}_dbos` : 'dbos';
}

/**
 * The DBOS workflow engine on the platform's PostgreSQL (embedded or DATABASE_URL) with `definitions`
 * registered, not launched yet. `execute`: this process runs workflows (worker, all); its `launch` starts DBOS
 * only once runs wait for it (left unfinished, queued, or started through it).
 */
export function createWorkflowEngine(platform: Platform, definitions: readonly WorkflowDefinition<never, unknown>[], options: { readonly execute: boolean }): DbosWorkflowEngine {
  const url = platform.db.url;
  if (url === undefined) throw new Error('the workflow engine needs the PostgreSQL connection string of the platform database');
  const engine = new DbosWorkflowEngine({
    systemDatabaseUrl: url,
    schema: dbosSchemaFor(platform.config.database.schema),
    execute: options.execute,
    queues: [
      { name: WORKFLOW_QUEUE, workerConcurrency: platform.config.workflows.concurrency },
      { name: AGENT_RUN_QUEUE, workerConcurrency: platform.config.agents.runConcurrency },
    ],
    executorId: platform.config.workflows.executorId,
    logger: platform.logger.child({ component: 'workflows' }),
    // A worker with nothing to run keeps DBOS (its module, connections and polling) unloaded until runs wait.
    ...(options.execute ? { onDemand: { sql: platform.db } } : {}),
  });
  for (const definition of definitions) engine.register(definition);
  return engine;
}

/** The agent run workflow known by name only, for engines that start runs without executing them. */
const agentRunByName: WorkflowDefinition<never, unknown> = {
  name: AGENT_RUN_WORKFLOW,
  run: () => Promise.reject(new Error('agent runs execute in a worker, not in this process')),
};

/**
 * An engine that starts, signals, cancels and reads runs without executing them (gateway/subgraph processes,
 * the graph's mutations): the built-in templates and agent runs are registered by name only. Launch it before use.
 */
export async function createWorkflowClient(platform: Platform): Promise<DbosWorkflowEngine> {
  const { templateWorkflows } = await import('./workflow-catalogue.js');
  const engine = createWorkflowEngine(platform, [...templateWorkflows(platform, { state: async () => undefined }), agentRunByName], { execute: false });
  await engine.launch();
  return engine;
}

const launched = new WeakMap<Platform, DbosWorkflowEngine>();

/** Records (or, with undefined, forgets) the executing engine the workflows duty launched for `platform`. */
export function setLaunchedWorkflowEngine(platform: Platform, engine: DbosWorkflowEngine | undefined): void {
  if (engine) launched.set(platform, engine);
  else launched.delete(platform);
}

/** The executing engine of this process for `platform` (roles worker and all), if the workflows duty launched one. */
export function launchedWorkflowEngine(platform: Platform): DbosWorkflowEngine | undefined {
  return launched.get(platform);
}
