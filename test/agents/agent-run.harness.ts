import type { AgentRun, AgentRunStatus, NewAgentDefinition } from '@bizosaas/domain';
import { OpenAiLlmAdapter } from '@bizosaas/connectors';
import { InMemoryAgentBudget, InProcessWorkflowEngine } from '@bizosaas/platform';
import { agentRunWorkflow, AgentRunUpdates, EngineAgentRunner, loadSdkToolCatalogue, type AgentRunLimits, type AgentRunUpdate, type ToolExecutor } from '@bizosaas/subgraph-agents';
import OpenAI from 'openai';
import { OpenAiEmulator } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { InMemoryAgentStore } from './in-memory-agent-store.js';

export const TENANT = 'ten_agents_test';

export const defaultLimits: AgentRunLimits = {
  maxSteps: 12,
  maxRunTokens: 100_000,
  maxRunCostMicros: 1_000_000,
  maxTenantDailyTokens: 1_000_000,
  maxTenantDailyCostMicros: 10_000_000,
  maxOutputTokens: 256,
  approvalTimeoutMs: 60_000,
  prices: { 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 }, default: { inputPerMillion: 2.5, outputPerMillion: 10 } },
};

/** A tool executor that records each call and answers from `answers` (by tool name). */
export class RecordingTools implements ToolExecutor {
  readonly calls: { tool: string; variables: unknown; idempotencyKey: string; allowedTools: readonly string[] }[] = [];
  constructor(private readonly answers: Readonly<Record<string, (variables: Readonly<Record<string, unknown>>) => unknown>> = {}) {}

  async execute(request: Parameters<ToolExecutor['execute']>[0]): Promise<unknown> {
    this.calls.push({ tool: request.tool.name, variables: request.variables, idempotencyKey: request.idempotencyKey, allowedTools: request.allowedTools });
    const answer = this.answers[request.tool.name];
    return answer ? answer(request.variables) : { ok: true };
  }
}

const catalogue = loadSdkToolCatalogue();

/** The run workflow on the in-process engine, the model behind the OpenAI emulator, tools recorded. */
export class AgentRunHarness {
  readonly store = new InMemoryAgentStore();
  readonly budget = new InMemoryAgentBudget();
  readonly updates = new AgentRunUpdates();
  readonly published: AgentRunUpdate[] = [];
  readonly engine = new InProcessWorkflowEngine(async () => undefined);
  readonly runner = new EngineAgentRunner(this.engine);

  private constructor(
    readonly emulator: OpenAiEmulator,
    readonly tools: RecordingTools,
    limits: AgentRunLimits,
  ) {
    const llm = new OpenAiLlmAdapter({ client: new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.baseUrl, maxRetries: 0, timeout: 10_000 }), model: 'gpt-4o-mini', secrets: [emulator.apiKey] });
    this.engine.register(
      agentRunWorkflow({
        store: this.store,
        budget: this.budget,
        llmFor: async () => llm,
        catalogue,
        tools,
        limits,
        publish: (update) => {
          this.published.push(update);
          this.updates.publish(update);
        },
        now: Date.now,
      }),
    );
  }

  static async start(options: { tools?: RecordingTools; limits?: Partial<AgentRunLimits> } = {}): Promise<AgentRunHarness> {
    return new AgentRunHarness(await OpenAiEmulator.start(), options.tools ?? new RecordingTools(), { ...defaultLimits, ...options.limits });
  }

  async run(agent: NewAgentDefinition, task: string): Promise<AgentRun> {
    const created = await this.store.createAgent(TENANT, agent);
    const run = await this.store.createRun(TENANT, { agentId: created.id, input: task, requestedBy: 'key_test' });
    await this.runner.start(run, created, TENANT, ['editor']);
    return run;
  }

  async current(runId: string): Promise<AgentRun> {
    const [run] = await this.store.getRuns(TENANT, [runId]);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  }

  /** Polls the store until the run reaches `status` (generous timeout: the machine is shared). */
  async waitFor(runId: string, status: AgentRunStatus, timeoutMs = 20_000): Promise<AgentRun> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.current(runId);
      if (run.status === status) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status} (error: ${run.error ?? 'none'}), not ${status}, after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}
