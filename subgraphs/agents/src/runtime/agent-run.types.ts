import type { AgentBudgetPort, AgentDefinition, AgentRunStatus, AgentRunStep, AgentStorePort, LlmPort } from '@bizosaas/domain';
import type { AgentTool, ToolCatalogue } from '../tools/tool-catalogue.js';

/** Prices of a model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** Limits of one run and of a tenant's day; money in millionths of a dollar. */
export interface AgentRunLimits {
  /** Model calls per run. */
  readonly maxSteps: number;
  readonly maxRunTokens: number;
  readonly maxRunCostMicros: number;
  readonly maxTenantDailyTokens: number;
  readonly maxTenantDailyCostMicros: number;
  /** Output tokens asked for per model call (reserved in full before the call). */
  readonly maxOutputTokens: number;
  /** How long an approval request stays open. */
  readonly approvalTimeoutMs: number;
  /** Prices by model name; `default` for a model not listed. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
}

/** A live change of a run, for `agentRunUpdated`. */
export type AgentRunUpdate =
  | { readonly type: 'status'; readonly tenantId: string; readonly runId: string; readonly status: AgentRunStatus }
  | { readonly type: 'step'; readonly tenantId: string; readonly runId: string; readonly step: AgentRunStep }
  | { readonly type: 'text_delta'; readonly tenantId: string; readonly runId: string; readonly delta: string };

/** Sends one operation to the gateway as the run's own principal and answers its `data`. */
export interface ToolExecutor {
  execute(request: {
    readonly tenantId: string;
    readonly runId: string;
    readonly roles: readonly string[];
    /** The agent's tools: the only operations the run's credential may send. */
    readonly allowedTools: readonly string[];
    readonly tool: AgentTool;
    readonly variables: Readonly<Record<string, unknown>>;
    /** Stable for (run, step): the gateway runs a repeated mutation once. */
    readonly idempotencyKey: string;
  }): Promise<unknown>;
}

/** What the run workflow needs; the composition root provides it. */
export interface AgentRuntimeDeps {
  readonly store: AgentStorePort;
  readonly budget: AgentBudgetPort;
  llmFor(tenantId: string): Promise<LlmPort>;
  readonly catalogue: ToolCatalogue;
  readonly tools: ToolExecutor;
  readonly limits: AgentRunLimits;
  publish(update: AgentRunUpdate): void;
  now(): number;
}

/** The workflow's input: everything it needs to rebuild its state on a resume. */
export interface AgentRunInput {
  readonly tenantId: string;
  readonly runId: string;
  readonly agent: AgentDefinition;
  readonly task: string;
  /** The roles the run acts with: the agent's, never more than its starter's. */
  readonly roles: readonly string[];
}

/** Topic of the approval decision of one action. */
export function approvalTopic(actionId: string): string {
  return `approval:${actionId}`;
}

/** A decision sent to a waiting run by approveAgentAction / rejectAgentAction. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly approver: string;
  readonly argsHash: string;
  readonly reason?: string;
}
