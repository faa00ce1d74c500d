/**
 * Agents are hosted by the platform, not read from a vendor: their definitions and runs live in the
 * platform database, scoped to a tenant.
 */
export interface AgentDefinition {
  readonly id: string;
  /** Stable, human-readable key, unique per tenant (`lead-qualifier`). */
  readonly key: string;
  readonly name: string;
  /** What the agent is, e.g. "Sales development representative". */
  readonly role: string;
  /** What it is for, in one sentence. */
  readonly goal: string;
  /** The playbook it follows (the prompt, or the deterministic steps without an LLM). */
  readonly instructions: string;
  /** SDK operation names it may call as tools, e.g. `CreateDeal`. */
  readonly tools: readonly string[];
  /** Tools whose calls wait for a human approval before they run. */
  readonly approvalRequiredFor: readonly string[];
  /** Shipped with the platform (read-only) or made by the tenant. */
  readonly builtIn: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type AgentRunStatus = 'queued' | 'running' | 'waiting_for_approval' | 'succeeded' | 'failed' | 'cancelled';

/** One recorded step of a run. */
export interface AgentRunStep {
  readonly index: number;
  readonly kind: 'plan' | 'tool_call' | 'tool_result' | 'message';
  readonly tool: string | null;
  /** JSON-serialisable input or output; never credentials. */
  readonly detail: unknown;
  readonly at: Date;
}

/** A run of an agent, as a record (execution comes with the agents issue). */
export interface AgentRun {
  readonly id: string;
  readonly agentId: string;
  readonly status: AgentRunStatus;
  /** The task the run was given. */
  readonly input: string;
  readonly steps: readonly AgentRunStep[];
  readonly output: string | null;
  readonly error: string | null;
  /** Who started it (API key or user id). */
  readonly requestedBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

export interface NewAgentDefinition {
  readonly key: string;
  readonly name: string;
  readonly role: string;
  readonly goal: string;
  readonly instructions: string;
  readonly tools: readonly string[];
  readonly approvalRequiredFor?: readonly string[];
}
