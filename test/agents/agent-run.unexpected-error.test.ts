import { WorkflowInterruptedError, type ChatCompletion, type LlmPort, type WorkflowContext } from '@bizosaas/domain';
import { InMemoryAgentBudget } from '@bizosaas/platform';
import { agentRunWorkflow, loadSdkToolCatalogue, type AgentRunInput, type AgentRunUpdate } from '@bizosaas/subgraph-agents';
import { describe, expect, it } from 'vitest';
import { defaultLimits, RecordingTools, TENANT } from './agent-run.harness.js';
import { InMemoryAgentStore } from './in-memory-agent-store.js';

/**
 * A checkpointing context: completed steps are kept and replayed on the next execution; attempts are retried
 * as the engine would. `interruptAt` makes that step throw WorkflowInterruptedError (the engine stopping).
 */
class Checkpoints {
  readonly done = new Map<string, unknown>();
  interruptAt: string | undefined;

  context(runId: string): WorkflowContext {
    return {
      runId,
      tenantId: TENANT,
      step: async <T>(stepId: string, effect: (key: string) => Promise<T>, options?: { maxAttempts?: number }): Promise<T> => {
        if (this.done.has(stepId)) return this.done.get(stepId) as T;
        if (stepId === this.interruptAt) throw new WorkflowInterruptedError(runId);
        for (let attempt = 1; ; attempt += 1) {
          try {
            const result = await effect(`${runId}:${stepId}`);
            this.done.set(stepId, result);
            return result;
          } catch (error) {
            if (attempt >= (options?.maxAttempts ?? 1)) throw error;
          }
        }
      },
      sleep: async () => undefined,
      recv: async () => null,
    };
  }
}

function scriptedModel(...answers: Partial<ChatCompletion>[]): LlmPort {
  let calls = 0;
  return {
    provider: 'scripted',
    async complete(): Promise<ChatCompletion> {
      const next = answers[calls] ?? {};
      calls += 1;
      return { content: '', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5 }, model: 'gpt-4o-mini', ...next };
    },
  };
}

async function setUp(tools: RecordingTools) {
  const store = new InMemoryAgentStore();
  const model = scriptedModel({ toolCalls: [{ id: 'c1', name: 'Contacts', arguments: { first: 5 } }] }, { content: 'Read the contacts.' });
  const published: AgentRunUpdate[] = [];
  const workflow = agentRunWorkflow({ store, budget: new InMemoryAgentBudget(), llmFor: async () => model, catalogue: loadSdkToolCatalogue(), tools, limits: defaultLimits, publish: (u) => published.push(u), now: Date.now });
  const agent = await store.createAgent(TENANT, { key: 'reader', name: 'Reader', role: 'SDR', goal: 'Read', instructions: 'Read contacts.', tools: ['Contacts'], approvalRequiredFor: [] });
  const run = await store.createRun(TENANT, { agentId: agent.id, input: 'Read', requestedBy: 'key_test' });
  const input: AgentRunInput = { tenantId: TENANT, runId: run.id, agent, task: 'Read', roles: ['viewer'] };
  const current = async () => (await store.getRuns(TENANT, [run.id]))[0];
  return { workflow, input, published, current, runId: run.id };
}

describe('agent run ended by an unexpected error', () => {
  it('fails the run with the error shown (and a live status) when the gateway stays down through every attempt', async () => {
    const tools = new RecordingTools({
      Contacts: () => {
        throw new Error('the gateway answered 502 with a body that is not JSON');
      },
    });
    const t = await setUp(tools);
    const outcome = await t.workflow.run(new Checkpoints().context(t.runId), t.input);

    expect(outcome).toEqual({ status: 'failed', error: 'UNEXPECTED_ERROR: the gateway answered 502 with a body that is not JSON' });
    expect(tools.calls).toHaveLength(3);
    const run = await t.current();
    expect(run?.status).toBe('failed');
    expect(run?.error).toBe('UNEXPECTED_ERROR: the gateway answered 502 with a body that is not JSON');
    expect(run?.steps.at(-1)?.detail).toEqual({ stopped: 'UNEXPECTED_ERROR', reason: 'the gateway answered 502 with a body that is not JSON' });
    expect(t.published.flatMap((u) => (u.type === 'status' ? [u.status] : []))).toEqual(['running', 'failed']);
  });

  it('leaves a run interrupted by the engine stopping unfinished, and it completes when resumed', async () => {
    const tools = new RecordingTools({ Contacts: () => ({ contacts: { nodes: [] } }) });
    const t = await setUp(tools);
    const engine = new Checkpoints();
    engine.interruptAt = 'tool-0-0';
    await expect(t.workflow.run(engine.context(t.runId), t.input)).rejects.toBeInstanceOf(WorkflowInterruptedError);
    const interrupted = await t.current();
    expect(interrupted?.status).toBe('running');
    expect(interrupted?.error).toBeFalsy();
    expect(tools.calls).toHaveLength(0);

    engine.interruptAt = undefined;
    const outcome = await t.workflow.run(engine.context(t.runId), t.input);
    expect(outcome).toEqual({ status: 'succeeded', output: 'Read the contacts.' });
    expect(tools.calls).toHaveLength(1);
    expect((await t.current())?.status).toBe('succeeded');
  });
});
