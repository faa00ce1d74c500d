import type { AgentDefinition, AgentRun, WorkflowEnginePort } from '@bizosaas/domain';
import { AGENT_RUN_QUEUE, AGENT_RUN_WORKFLOW } from './agent-run.workflow.js';
import { approvalTopic, type AgentRunInput, type ApprovalDecision } from './agent-run.types.js';

/** What the agents service asks of the runtime: start, decide and cancel runs on the workflow engine. */
export interface AgentRunner {
  /** Starts the run's workflow (once per run id) acting with `roles`. */
  start(run: AgentRun, agent: AgentDefinition, tenantId: string, roles: readonly string[]): Promise<void>;
  /** Delivers a decision to the run waiting on `actionId`; delivered once per action. */
  decide(runId: string, actionId: string, decision: ApprovalDecision): Promise<void>;
  cancel(runId: string): Promise<void>;
}

/** The runner on a `WorkflowEnginePort` (in-process today, DBOS when the integrator swaps the engine). */
export class EngineAgentRunner implements AgentRunner {
  constructor(private readonly engine: WorkflowEnginePort) {}

  async start(run: AgentRun, agent: AgentDefinition, tenantId: string, roles: readonly string[]): Promise<void> {
    const input: AgentRunInput = { tenantId, runId: run.id, agent, task: run.input, roles };
    await this.engine.start(AGENT_RUN_WORKFLOW, { runId: run.id, tenantId, input, queue: AGENT_RUN_QUEUE });
  }

  async decide(runId: string, actionId: string, decision: ApprovalDecision): Promise<void> {
    // One key per action: approving and rejecting the same action race to one delivered decision.
    await this.engine.send(runId, approvalTopic(actionId), decision, `decision:${actionId}`);
  }

  async cancel(runId: string): Promise<void> {
    await this.engine.cancel(runId);
  }
}
