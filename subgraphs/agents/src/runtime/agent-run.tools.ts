import { DomainError, ValidationError, type AgentRunStatus, type AgentRunStep, type ChatMessage, type ToolCall, type WorkflowContext } from '@bizosaas/domain';
import { validateToolArguments } from '../tools/tool-arguments.js';
import type { AgentTool } from '../tools/tool-catalogue.js';
import { SEARCH_TOOLS, searchTools } from '../tools/tool-selection.js';
import { argumentsHash, MAX_IDENTICAL_CALLS, type LoopGuard } from './agent-run.guards.js';
import { approvalTopic, type AgentRunInput, type AgentRuntimeDeps, type ApprovalDecision } from './agent-run.types.js';

/** What handling a tool call needs from the run's execution. */
export interface ToolTurn {
  readonly deps: AgentRuntimeDeps;
  readonly ctx: WorkflowContext;
  readonly input: AgentRunInput;
  readonly messages: ChatMessage[];
  readonly loop: LoopGuard;
  readonly found: string[];
  readonly allowed: ReadonlyMap<string, AgentTool>;
  record(change: { readonly status?: AgentRunStatus; readonly step?: Omit<AgentRunStep, 'index' | 'at'>; readonly output?: string; readonly error?: string }): Promise<void>;
  fail(code: string, message: string): Promise<{ readonly status: 'failed'; readonly error?: string }>;
}

/** A tool result longer than this is cut before it goes back to the model (it would fill its context). */
const MAX_RESULT_CHARS = 12_000;

function reply(turn: ToolTurn, call: ToolCall, result: unknown): void {
  const text = JSON.stringify(result) ?? 'null';
  turn.messages.push({ role: 'tool', toolCallId: call.id, content: text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}… (cut)` : text });
}

async function answer(turn: ToolTurn, call: ToolCall, result: Readonly<Record<string, unknown>>): Promise<void> {
  reply(turn, call, result);
  await turn.record({ step: { kind: 'tool_result', tool: call.name, detail: result } });
}

/**
 * Waits durably for a human decision on one call, bound to the hash of its exact arguments. Answers the
 * decision, or null when the request expired.
 */
async function awaitApproval(turn: ToolTurn, key: string, tool: AgentTool, variables: Readonly<Record<string, unknown>>): Promise<ApprovalDecision | null> {
  const { ctx, deps, input } = turn;
  const actionId = `${input.runId}.${key}`;
  const argsHash = argumentsHash(tool.name, variables);
  const timeoutMs = deps.limits.approvalTimeoutMs;
  const expiresAt = await ctx.step(`approval-expiry-${key}`, async () => new Date(deps.now() + timeoutMs).toISOString());
  await turn.record({ status: 'waiting_for_approval', step: { kind: 'tool_call', tool: tool.name, detail: { approval: 'requested', actionId, argsHash, arguments: variables, expiresAt } } });
  const decision = await ctx.recv<ApprovalDecision>(approvalTopic(actionId), timeoutMs);
  // A decision for other arguments than the ones waiting is no approval of these.
  const valid = decision !== null && decision.argsHash === argsHash ? decision : null;
  const outcome = valid === null ? 'expired' : valid.approved ? 'approved' : 'rejected';
  await turn.record({ status: 'running', step: { kind: 'plan', tool: tool.name, detail: { approval: outcome, actionId, approver: valid?.approver ?? null, reason: valid?.reason ?? null } } });
  return valid;
}

async function searchForTools(turn: ToolTurn, call: ToolCall): Promise<void> {
  const query = typeof call.arguments.query === 'string' ? call.arguments.query : '';
  const hits = searchTools([...turn.allowed.values()], query);
  turn.found.push(...hits.map((tool) => tool.name));
  await answer(turn, call, { found: hits.map((tool) => ({ name: tool.name, description: tool.description })) });
}

/**
 * One tool call of the model: loop guard, the agent's own tool list, argument validation, approval, then
 * execution through the gateway as a checkpointed step. Refusals are told to the model, which goes on;
 * answers the run's outcome only when the call stops the run.
 */
export async function handleToolCall(turn: ToolTurn, key: string, call: ToolCall): Promise<{ readonly status: 'failed'; readonly error?: string } | undefined> {
  if (call.name === SEARCH_TOOLS) return void (await searchForTools(turn, call));
  const count = turn.loop.note(call.name, call.arguments);
  await turn.record({ step: { kind: 'tool_call', tool: /^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(call.name) ? call.name : 'InvalidToolName', detail: { callId: call.id, arguments: call.arguments } } });
  if (count >= MAX_IDENTICAL_CALLS) return turn.fail('LOOP_DETECTED', `the model called ${call.name} with the same arguments ${count} times`);
  const tool = turn.allowed.get(call.name);
  if (!tool) return void (await answer(turn, call, { refused: `${call.name} is not one of this agent's tools; nothing was run.` }));
  let variables: Record<string, unknown>;
  try {
    variables = validateToolArguments(turn.deps.catalogue, tool, call.arguments);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return void (await answer(turn, call, { refused: 'invalid arguments; nothing was run', violations: error.violations.map((v) => ({ field: v.field, reason: v.reason })) }));
  }
  if (turn.input.agent.approvalRequiredFor.includes(tool.name)) {
    const decision = await awaitApproval(turn, key, tool, variables);
    if (decision === null) return void (await answer(turn, call, { refused: 'the approval request expired; nothing was run' }));
    if (!decision.approved) return void (await answer(turn, call, { refused: `a human rejected this call${decision.reason ? `: ${decision.reason}` : ''}; nothing was run` }));
  }
  const { deps, input } = turn;
  // A refusal (DomainError) is the step's recorded answer, not its error: a resumed run replays it as the same
  // answer (a replayed error would come back as a plain Error); anything else is thrown for the step to retry.
  const result = await turn.ctx.step(`tool-${key}`, async (idempotencyKey): Promise<Readonly<Record<string, unknown>>> => {
    try {
      const data = await deps.tools.execute({ tenantId: input.tenantId, runId: input.runId, roles: input.roles, allowedTools: [...turn.allowed.keys()], tool, variables, idempotencyKey });
      return { data };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { error: { code: error.code, message: error.message } };
    }
  }, { maxAttempts: 3, baseDelayMs: 500 });
  await answer(turn, call, result);
  return undefined;
}
