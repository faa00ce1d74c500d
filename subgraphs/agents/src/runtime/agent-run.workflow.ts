import { ConnectorError, DomainError, WorkflowInterruptedError, type AgentRunStatus, type AgentRunStep, type ChatCompletion, type ChatMessage, type ToolCall, type WorkflowContext, type WorkflowDefinition } from '@bizosaas/domain';
import type { AgentTool } from '../tools/tool-catalogue.js';
import { SEARCH_TOOLS, toolsForTurn } from '../tools/tool-selection.js';
import { costMicros, estimateCall, highestPrice, LoopGuard, MAX_IDENTICAL_CALLS, priceOf, utcDay } from './agent-run.guards.js';
import { handleToolCall, type ToolTurn } from './agent-run.tools.js';
import type { AgentRunInput, AgentRuntimeDeps } from './agent-run.types.js';

export const AGENT_RUN_WORKFLOW = 'agent-run';
/** The engine queue runs are started on (its concurrency is AGENT_RUN_CONCURRENCY per worker). */
export const AGENT_RUN_QUEUE = 'agent-runs';

/** How a run ended, as the workflow's output. */
export interface AgentRunOutcome {
  readonly status: Extract<AgentRunStatus, 'succeeded' | 'failed'>;
  readonly output?: string;
  readonly error?: string;
}

type StepRecord = Omit<AgentRunStep, 'index' | 'at'>;

/**
 * A durable engine stores a step's result as JSON and replays that on a resume: a Date comes back as a
 * string and an error as a plain Error. So steps answer JSON-safe values (a stored run step with its time
 * as ISO text, a refusal as data) and the workflow turns them back into what the code expects.
 */
type StoredStep = Omit<AgentRunStep, 'at'> & { readonly at: string };
type ModelAnswer = { readonly ok: true; readonly completion: ChatCompletion } | { readonly ok: false; readonly code: string; readonly message: string };

/** The run's input with the agent's dates restored (the engine hands the input over as JSON). */
function normaliseInput(input: AgentRunInput): AgentRunInput {
  const { agent } = input;
  return { ...input, agent: { ...agent, createdAt: new Date(agent.createdAt), updatedAt: new Date(agent.updatedAt) } };
}

/**
 * One execution (or resumption) of a run. Every effect is a `ctx.step` with an id that depends only on
 * the run's progress (turn and call index), so a resumed run replays what it recorded instead of
 * calling the model, a tool or the budget again.
 */
export class AgentRunExecution {
  readonly messages: ChatMessage[];
  readonly loop = new LoopGuard();
  readonly found: string[] = [];
  readonly allowed: ReadonlyMap<string, AgentTool>;
  private records = 0;

  constructor(
    readonly deps: AgentRuntimeDeps,
    readonly ctx: WorkflowContext,
    readonly input: AgentRunInput,
  ) {
    const { agent } = input;
    this.allowed = new Map(agent.tools.flatMap((name) => { const tool = deps.catalogue.tools.get(name); return tool ? [[name, tool] as const] : []; }));
    const system = [
      `You are ${agent.name}, ${agent.role}. Goal: ${agent.goal}`,
      `Playbook:\n${agent.instructions}`,
      `Use only the tools you are given. Calls of ${agent.approvalRequiredFor.join(', ') || 'no tool'} wait for a human approval; a rejected call is reported back to you. Finish with a short report.`,
    ].join('\n\n');
    this.messages = [{ role: 'system', content: system }, { role: 'user', content: input.task }];
  }

  /** Records a step and/or a status change (a checkpointed step of its own) and publishes it live. */
  async record(change: { readonly status?: AgentRunStatus; readonly step?: StepRecord; readonly output?: string; readonly error?: string }): Promise<void> {
    this.records += 1;
    const { tenantId, runId } = this.input;
    let recordedNow = false;
    const stored = await this.ctx.step(`record-${this.records}`, async (): Promise<StoredStep | null> => {
      recordedNow = true;
      const run = await this.deps.store.updateRun(tenantId, runId, change);
      const last = change.step ? run.steps[run.steps.length - 1] : undefined;
      return last ? { ...last, at: last.at.toISOString() } : null;
    });
    // A resumed run replays its records: they went out live when they were made, so only new ones are published.
    if (!recordedNow) return;
    if (stored) this.deps.publish({ type: 'step', tenantId, runId, step: { ...stored, at: new Date(stored.at) } });
    if (change.status) this.deps.publish({ type: 'status', tenantId, runId, status: change.status });
  }

  async fail(code: string, message: string): Promise<AgentRunOutcome> {
    const error = `${code}: ${message}`;
    await this.record({ status: 'failed', error, step: { kind: 'plan', tool: null, detail: { stopped: code, reason: message } } });
    return { status: 'failed', error };
  }

  async run(): Promise<AgentRunOutcome> {
    await this.record({ status: 'running', step: { kind: 'plan', tool: null, detail: { task: this.input.task, tools: [...this.allowed.keys()] } } });
    try {
      for (let turn = 0; ; turn += 1) {
        if (turn >= this.deps.limits.maxSteps) return await this.fail('STEP_CAP', `stopped after ${turn} model calls, the most a run may make`);
        const completion = await this.modelTurn(turn);
        if ('status' in completion) return completion;
        if (completion.toolCalls.length === 0) {
          await this.record({ status: 'succeeded', output: completion.content });
          return { status: 'succeeded', output: completion.content };
        }
        for (const [index, call] of completion.toolCalls.entries()) {
          const stop = await handleToolCall(this as ToolTurn, `${turn}-${index}`, call);
          if (stop) return stop;
        }
      }
    } catch (error) {
      // Stopped by a shutdown (or a crash): the run resumes where it was, it has not failed.
      if (error instanceof WorkflowInterruptedError) throw error;
      if (error instanceof DomainError || error instanceof ConnectorError) return this.fail(error instanceof ConnectorError ? `LLM_${error.code.toUpperCase()}` : error.code, error.message);
      // Anything else (the gateway still down after a tool step's attempts, a bug) ends the run too: thrown on, the
      // engine would record the workflow's end while the run stayed RUNNING. After a cancellation, every step
      // throws, so this records nothing over CANCELLED.
      return this.fail('UNEXPECTED_ERROR', error instanceof Error ? error.message : String(error));
    }
  }

  /** Reserves the budget, calls the model, settles the budget and records the answer. */
  private async modelTurn(turn: number): Promise<ChatCompletion | AgentRunOutcome> {
    const { deps, ctx, input } = this;
    const tools = toolsForTurn([...this.allowed.values()], input.task, this.found);
    const stop = await ctx.step(`reserve-${turn}`, () => this.reserve(tools));
    if (stop.ok === false) return this.fail('BUDGET_EXCEEDED', stop.reason);
    const messages = [...this.messages];
    const answer = await ctx.step(`model-${turn}`, async (): Promise<ModelAnswer> => {
      const llm = await deps.llmFor(input.tenantId);
      try {
        const completion = await llm.complete({ messages, tools, maxOutputTokens: deps.limits.maxOutputTokens, onTextDelta: (delta) => deps.publish({ type: 'text_delta', tenantId: input.tenantId, runId: input.runId, delta }) });
        return { ok: true, completion };
      } catch (error) {
        // A refusal of the model call ends the run; kept as data so a resumed run replays it the same way.
        if (error instanceof ConnectorError) return { ok: false, code: `LLM_${error.code.toUpperCase()}`, message: error.message };
        if (error instanceof DomainError) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    });
    if (!answer.ok) return this.fail(answer.code, answer.message);
    const completion = answer.completion;
    const used = await ctx.step(`settle-${turn}`, () => this.settle(stop.reserved, stop.day, completion));
    this.messages.push({ role: 'assistant', content: completion.content, toolCalls: completion.toolCalls });
    const calls = completion.toolCalls.map((c: ToolCall) => ({ id: c.id, name: c.name, arguments: c.arguments }));
    await this.record({ step: { kind: 'message', tool: null, detail: { text: completion.content, toolCalls: calls, model: completion.model, usage: { ...completion.usage, costMicros: used.costMicros } } } });
    return completion;
  }

  private async reserve(tools: readonly { name: string }[]): Promise<{ ok: true; reserved: { tokens: number; costMicros: number }; day: string } | { ok: false; reason: string }> {
    const { deps, input } = this;
    const limits = deps.limits;
    // The model's name is known only from its answer: reserve at the highest configured price.
    const price = highestPrice(limits);
    const estimate = estimateCall(this.messages, JSON.stringify(tools), limits, price);
    const so = await deps.budget.runUsage(input.tenantId, input.runId);
    const runTokens = so.inputTokens + so.outputTokens;
    if (runTokens + estimate.tokens > limits.maxRunTokens) return { ok: false, reason: `the next model call could use ${estimate.tokens} tokens; the run has used ${runTokens} of its ${limits.maxRunTokens}` };
    if (so.costMicros + estimate.costMicros > limits.maxRunCostMicros) return { ok: false, reason: `the next model call could cost $${(estimate.costMicros / 1e6).toFixed(4)}; the run has spent $${(so.costMicros / 1e6).toFixed(4)} of its $${(limits.maxRunCostMicros / 1e6).toFixed(2)}` };
    const day = utcDay(deps.now());
    const reserved = { tokens: estimate.tokens, costMicros: estimate.costMicros };
    const ok = await deps.budget.reserve(input.tenantId, day, reserved, { tokens: limits.maxTenantDailyTokens, costMicros: limits.maxTenantDailyCostMicros });
    return ok ? { ok: true, reserved, day } : { ok: false, reason: `the tenant's daily agent budget (${limits.maxTenantDailyTokens} tokens, $${(limits.maxTenantDailyCostMicros / 1e6).toFixed(2)}) would be passed` };
  }

  private async settle(reserved: { tokens: number; costMicros: number }, day: string, completion: ChatCompletion): Promise<{ costMicros: number }> {
    const { deps, input } = this;
    const cost = costMicros(priceOf(deps.limits, completion.model), completion.usage.inputTokens, completion.usage.outputTokens);
    await deps.budget.settle(input.tenantId, day, reserved, { tokens: completion.usage.inputTokens + completion.usage.outputTokens, costMicros: cost });
    await deps.budget.addRunUsage(input.tenantId, input.runId, { inputTokens: completion.usage.inputTokens, outputTokens: completion.usage.outputTokens, costMicros: cost, modelCalls: 1 });
    return { costMicros: cost };
  }
}

/** The agent run as a workflow on the engine (DBOS in production, in-process in unit tests). */
export function agentRunWorkflow(deps: AgentRuntimeDeps): WorkflowDefinition<AgentRunInput, AgentRunOutcome> {
  return { name: AGENT_RUN_WORKFLOW, run: (ctx, input) => new AgentRunExecution(deps, ctx, normaliseInput(input)).run() };
}

export { MAX_IDENTICAL_CALLS, SEARCH_TOOLS };
