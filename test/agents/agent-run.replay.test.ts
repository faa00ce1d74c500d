import { ConnectorError, DomainError, WorkflowInterruptedError, type ChatCompletion, type LlmPort, type WorkflowContext } from '@bizosaas/domain';
import { InMemoryAgentBudget } from '@bizosaas/platform';
import { agentRunWorkflow, loadSdkToolCatalogue, type AgentRunInput, type AgentRunOutcome, type AgentRunUpdate, type ApprovalDecision } from '@bizosaas/subgraph-agents';
import { describe, expect, it } from 'vitest';
import { defaultLimits, RecordingTools, TENANT } from './agent-run.harness.js';
import { InMemoryAgentStore } from './in-memory-agent-store.js';

/** The process dying while the run waits: to the workflow's code, what an engine stopping under it looks like. */
class ProcessDied extends WorkflowInterruptedError {}

/**
 * What a durable engine does to a workflow, without one: each step's result is stored as JSON (an error as
 * a plain Error with its message) and, on the next execution of the same run, handed back parsed instead
 * of running the step. `recv` answers from `inbox`, or "dies" when the run would wait.
 */
class JsonReplay {
  readonly recorded = new Map<string, { ok: string } | { error: string }>();
  readonly inbox = new Map<string, unknown>();

  context(runId: string): WorkflowContext {
    return {
      runId,
      tenantId: TENANT,
      step: async <T>(stepId: string, effect: (key: string) => Promise<T>): Promise<T> => {
        const stored = this.recorded.get(stepId);
        if (stored) {
          if ('error' in stored) throw new Error(stored.error);
          return JSON.parse(stored.ok) as T;
        }
        try {
          const result = await effect(`${runId}:${stepId}`);
          this.recorded.set(stepId, { ok: JSON.stringify(result ?? null) });
          return result;
        } catch (error) {
          this.recorded.set(stepId, { error: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      },
      sleep: async () => undefined,
      recv: async <T>(topic: string): Promise<T | null> => {
        if (!this.inbox.has(topic)) throw new ProcessDied(runId);
        return this.inbox.get(topic) as T;
      },
    };
  }
}

/** A model that answers from a script and counts its calls. */
function scriptedModel(...answers: Array<Partial<ChatCompletion> | ConnectorError>): LlmPort & { calls: number } {
  const model = {
    provider: 'scripted',
    calls: 0,
    async complete(): Promise<ChatCompletion> {
      const next = answers[model.calls];
      model.calls += 1;
      if (next instanceof ConnectorError) throw next;
      return { content: '', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5 }, model: 'gpt-4o-mini', ...next };
    },
  };
  return model;
}

const catalogue = loadSdkToolCatalogue();
const agent = { key: 'sales', name: 'Sales', role: 'SDR', goal: 'Qualify leads', instructions: 'Read, then create deals.', tools: ['Contacts', 'CreateDeal'], approvalRequiredFor: ['CreateDeal'] };
const dealArgs = { input: { title: 'Acme - Pilot', pipelineId: 'sales', stageId: 'lead' } };

async function setUp(model: LlmPort) {
  const store = new InMemoryAgentStore();
  const tools = new RecordingTools({ Contacts: () => ({ contacts: { nodes: [{ email: 'ada@acme.example' }] } }), CreateDeal: () => ({ createDeal: { id: 'deal_1' } }) });
  const published: AgentRunUpdate[] = [];
  const workflow = agentRunWorkflow({ store, budget: new InMemoryAgentBudget(), llmFor: async () => model, catalogue, tools, limits: defaultLimits, publish: (u) => published.push(u), now: Date.now });
  const created = await store.createAgent(TENANT, agent);
  const run = await store.createRun(TENANT, { agentId: created.id, input: 'Qualify', requestedBy: 'key_test' });
  // The engine hands the input over as JSON too: the agent's dates arrive as strings.
  const input = JSON.parse(JSON.stringify({ tenantId: TENANT, runId: run.id, agent: created, task: 'Qualify', roles: ['editor'] })) as AgentRunInput;
  const current = async () => (await store.getRuns(TENANT, [run.id]))[0];
  return { store, tools, published, workflow, input, runId: run.id, current };
}

describe('agent run replayed from JSON checkpoints (what DBOS does on a resume)', () => {
  it('resumes a run that died waiting for approval: no model or tool call twice, no step recorded twice, step times are Dates', async () => {
    const model = scriptedModel({ toolCalls: [{ id: 'c1', name: 'Contacts', arguments: { first: 5 } }] }, { toolCalls: [{ id: 'c2', name: 'CreateDeal', arguments: dealArgs }] }, { content: 'Created one deal.' });
    const t = await setUp(model);
    const engine = new JsonReplay();
    await expect(t.workflow.run(engine.context(t.runId), t.input)).rejects.toBeInstanceOf(ProcessDied);
    const waiting = await t.current();
    expect(waiting?.status).toBe('waiting_for_approval');
    const requested = waiting?.steps.at(-1)?.detail as { actionId: string; argsHash: string };

    t.published.length = 0;
    engine.inbox.set(`approval:${requested.actionId}`, { approved: true, approver: 'key_boss', argsHash: requested.argsHash } satisfies ApprovalDecision);
    const outcome: AgentRunOutcome = await t.workflow.run(engine.context(t.runId), t.input);

    expect(outcome).toEqual({ status: 'succeeded', output: 'Created one deal.' });
    expect(model.calls).toBe(3);
    expect(t.tools.calls.map((c) => c.tool)).toEqual(['Contacts', 'CreateDeal']);
    const done = await t.current();
    expect(done?.steps.map((s) => `${s.kind}:${s.tool ?? ''}`)).toEqual(['plan:', 'message:', 'tool_call:Contacts', 'tool_result:Contacts', 'message:', 'tool_call:CreateDeal', 'tool_call:CreateDeal', 'plan:CreateDeal', 'tool_result:CreateDeal', 'message:']);
    // Live updates of the resumed execution: only what it recorded itself (the replayed records went out before).
    const steps = t.published.flatMap((u) => (u.type === 'step' ? [u.step] : []));
    expect(steps.map((s) => s.index)).toEqual([7, 8, 9]);
    for (const step of steps) expect(step.at).toBeInstanceOf(Date);
    expect(t.published.flatMap((u) => (u.type === 'status' ? [u.status] : []))).toEqual(['running', 'succeeded']);
  });

  it('replays a refused tool call and a failed model call as the same answers, not as errors', async () => {
    const model = scriptedModel({ toolCalls: [{ id: 'c1', name: 'Contacts', arguments: { first: 5 } }] }, new ConnectorError('rate_limited', 'openai', 'slow down'));
    const t = await setUp(model);
    t.tools.execute = async () => {
      throw new DomainError('forbidden', 'AGENTS.TOOL_FORBIDDEN', 'not for you');
    };
    const engine = new JsonReplay();
    const first = await t.workflow.run(engine.context(t.runId), t.input);
    expect(first).toMatchObject({ status: 'failed', error: expect.stringMatching(/^LLM_RATE_LIMITED: /) });
    // A resume replays every step: the same outcome, the model not called again.
    const again = await t.workflow.run(engine.context(t.runId), t.input);
    expect(again).toEqual(first);
    expect(model.calls).toBe(2);
    const result = (await t.current())?.steps.find((s) => s.kind === 'tool_result')?.detail;
    expect(result).toEqual({ error: { code: 'AGENTS.TOOL_FORBIDDEN', message: 'not for you' } });
  });
});
