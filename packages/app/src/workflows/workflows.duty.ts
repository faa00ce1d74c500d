import type { DomainEvent, WorkflowDefinition, WorkflowEnginePort } from '@bizosaas/domain';
import { DbosWorkflowEngine, startStrandedRunSweeper, TenantWorkflowStore, type Platform } from '@bizosaas/platform';
import { agentRuntimeFor } from '../agents/agent-runtime.js';
import type { RunningDuty } from '../worker-duties.js';
import { templateWorkflows, WORKFLOW_TEMPLATES } from './workflow-catalogue.js';
import { createWorkflowEngine, setLaunchedWorkflowEngine } from './workflow-engine.factory.js';
import { startScheduleTicker } from './workflow-schedules.js';
import { workflowStoreOf } from './workflow-services.js';

/** How often a worker looks for schedule slots that began (each slot's run starts once across workers). */
export const SCHEDULE_TICK_MS = 1_000;

/** The consumer group of workflow triggers: each domain event starts its runs from one worker. */
export const WORKFLOW_TRIGGER_GROUP = 'bizosaas:workflows';

/**
 * The `workflows` worker duty: launches the DBOS engine with every template and the agent run workflow
 * registered (which also resumes the runs this executor left unfinished), and starts the templates tenants
 * enabled when their trigger event arrives. It also settles run records left RUNNING that the engine will never
 * finish (stranded-runs.sweep.ts). A run's id is `<template>:<event id>`, so an event delivered twice
 * starts one run. Scheduled templates start one run per slot: `<template>:<tenant>:at:<slot start>` (workflow-schedules.ts).
 */
export async function startWorkflowsDuty(platform: Platform): Promise<RunningDuty> {
  if (!platform.config.workflows.enabled) return { stop: async () => undefined };
  if (DbosWorkflowEngine.runningInThisProcess()) {
    // DBOS has one executor per process; a second product in the same process (tests) runs without workflows.
    platform.logger.warn('a workflow engine already runs in this process: this instance does not execute workflows');
    return { stop: async () => undefined };
  }
  let engine: DbosWorkflowEngine | undefined;
  const templates = templateWorkflows(platform, { state: (runId) => (engine ? engine.state(runId) : Promise.resolve(undefined)) });
  engine = createWorkflowEngine(platform, [...templates, agentRuntimeFor(platform).workflow as WorkflowDefinition<never, unknown>], { execute: true });
  await engine.launch();
  const launched = engine;
  // Agent runs started in this process go through this engine rather than a client of their own.
  setLaunchedWorkflowEngine(platform, launched);
  const tenantWorkflows = new TenantWorkflowStore(platform.db);
  const types = [...new Set(WORKFLOW_TEMPLATES.flatMap((template) => (template.trigger ? [template.trigger.eventType] : [])))];
  const subscription = await platform.events.subscribe(async (event) => void (await startTriggered(launched, tenantWorkflows, event)), { group: WORKFLOW_TRIGGER_GROUP, types });
  const schedules = startScheduleTicker({ engine: launched, tenantWorkflows, templates: WORKFLOW_TEMPLATES, tickMs: SCHEDULE_TICK_MS, logger: platform.logger });
  const sweeper = startStrandedRunSweeper({ store: workflowStoreOf(platform), engine: launched, everyMs: platform.config.workflows.strandedSweepMs, staleAfterMs: platform.config.workflows.strandedAfterMs, logger: platform.logger });
  return {
    stop: async () => {
      await sweeper.stop();
      await schedules.stop();
      await subscription.unsubscribe();
      setLaunchedWorkflowEngine(platform, undefined);
      await launched.close();
    },
  };
}

/** Starts every enabled template the event triggers; a repeated event finds its run already started. */
export async function startTriggered(engine: Pick<WorkflowEnginePort, 'start'>, tenantWorkflows: TenantWorkflowStore, event: DomainEvent): Promise<string[]> {
  const started: string[] = [];
  for (const template of WORKFLOW_TEMPLATES) {
    if (template.trigger?.eventType !== event.type) continue;
    const enabled = await tenantWorkflows.get(event.tenantId, template.name);
    if (!enabled?.enabled) continue;
    const trigger = template.trigger.toTrigger(event);
    if (trigger === null) continue;
    const runId = `${template.name}:${event.id}`;
    await engine.start(template.name, { runId, tenantId: event.tenantId, input: { trigger, settings: enabled.settings } });
    started.push(runId);
  }
  return started;
}
