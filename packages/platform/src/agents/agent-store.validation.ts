import { Violations, type AgentRunStatus, type AgentRunStep, type NewAgentDefinition } from '@bizosaas/domain';
import { AGENT_RUN_STATUSES, AGENT_RUN_STEP_KINDS } from './agent-store.rows.js';

export const AGENT_KEY = /^[a-z0-9-]{2,40}$/;
// SDK operation names (`CreateDeal`): what the agent runtime resolves a tool to.
const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const MAX_TEXT = 200;
const MAX_LONG_TEXT = 20_000;

/** A new agent, trimmed and de-duplicated, ready to insert. */
export interface ValidAgent {
  readonly key: string;
  readonly name: string;
  readonly role: string;
  readonly goal: string;
  readonly instructions: string;
  readonly tools: string[];
  readonly approvalRequiredFor: string[];
}

/**
 * Checks a new agent definition. Returns it trimmed, tools de-duplicated in order. Raises
 * `ValidationError` naming every bad field: `key`, `name`, `role`, `goal`, `instructions`, `tools`,
 * `approvalRequiredFor`.
 */
export function validateNewAgent(input: NewAgentDefinition): ValidAgent {
  const violations = new Violations();
  if (!AGENT_KEY.test(input.key)) violations.add('key', 'must be 2-40 characters of a-z, 0-9 and -');
  const name = requiredText(violations, 'name', input.name, MAX_TEXT);
  const role = requiredText(violations, 'role', input.role, MAX_TEXT);
  const goal = requiredText(violations, 'goal', input.goal, 1000);
  const instructions = input.instructions.trim();
  if (instructions.length > MAX_LONG_TEXT) violations.add('instructions', `must be at most ${MAX_LONG_TEXT} characters`);
  const tools = [...new Set(input.tools)];
  if (tools.length === 0) violations.add('tools', 'must name at least one SDK operation');
  else if (!tools.every((t) => TOOL_NAME.test(t))) violations.add('tools', 'must be SDK operation names such as CreateDeal');
  const approvalRequiredFor = [...new Set(input.approvalRequiredFor ?? [])];
  const unknown = approvalRequiredFor.filter((t) => !tools.includes(t));
  if (unknown.length > 0) violations.add('approvalRequiredFor', `must name tools the agent has; not among them: ${unknown.join(', ')}`);
  violations.throwIfAny();
  return { key: input.key, name, role, goal, instructions, tools, approvalRequiredFor };
}

/** Checks a run's task and requester. Raises `ValidationError` naming `agentId`, `input`, `requestedBy`. */
export function validateNewRun(input: { readonly agentId: string; readonly input: string; readonly requestedBy: string }): void {
  const violations = new Violations();
  if (input.agentId.length === 0) violations.add('agentId', 'must not be empty');
  requiredText(violations, 'input', input.input, MAX_LONG_TEXT);
  requiredText(violations, 'requestedBy', input.requestedBy, MAX_TEXT);
  violations.throwIfAny();
}

/** A run change as the SQL takes it: the step as JSON text, `set*` saying whether to touch a column. */
export interface ValidRunChange {
  readonly status: AgentRunStatus | null;
  readonly stepJson: string | null;
  readonly setOutput: boolean;
  readonly output: string | null;
  readonly setError: boolean;
  readonly error: string | null;
}

/**
 * Checks a run change. Returns it ready for SQL. Raises `ValidationError` naming `status`, `step.kind`,
 * `step.tool` or `step.detail` (which must be JSON-serialisable).
 */
export function validateRunChange(change: {
  readonly status?: AgentRunStatus;
  readonly step?: Omit<AgentRunStep, 'index' | 'at'>;
  readonly output?: string | null;
  readonly error?: string | null;
}): ValidRunChange {
  const violations = new Violations();
  // Callers outside TypeScript (GraphQL input, the runtime) can pass any string.
  const statuses: readonly string[] = AGENT_RUN_STATUSES;
  if (change.status !== undefined && !statuses.includes(change.status)) violations.add('status', `must be one of ${AGENT_RUN_STATUSES.join(', ')}`);
  let stepJson: string | null = null;
  if (change.step !== undefined) {
    const { kind, tool, detail } = change.step;
    const kinds: readonly string[] = AGENT_RUN_STEP_KINDS;
    if (!kinds.includes(kind)) violations.add('step.kind', `must be one of ${AGENT_RUN_STEP_KINDS.join(', ')}`);
    if (tool !== null && !TOOL_NAME.test(tool)) violations.add('step.tool', 'must be null or an SDK operation name');
    if (tool === null && (kind === 'tool_call' || kind === 'tool_result')) violations.add('step.tool', `is required for a ${kind} step`);
    stepJson = serialiseStep(violations, { kind, tool, detail: detail === undefined ? null : detail });
  }
  violations.throwIfAny();
  return {
    status: change.status ?? null,
    stepJson,
    setOutput: change.output !== undefined,
    output: change.output ?? null,
    setError: change.error !== undefined,
    error: change.error ?? null,
  };
}

// JSON.stringify throws on cycles and BigInt; that is the caller's bad input, not a crash.
function serialiseStep(violations: Violations, step: { kind: string; tool: string | null; detail: unknown }): string | null {
  try {
    return JSON.stringify(step);
  } catch {
    violations.add('step.detail', 'must be JSON-serialisable');
    return null;
  }
}

function requiredText(violations: Violations, field: string, value: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max) violations.add(field, `must be 1-${max} characters`);
  return text;
}
