import { AgentsService, type AgentRunner } from '@bizosaas/subgraph-agents';
import { describe, expect, it } from 'vitest';
import { TENANT } from './agent-run.harness.js';
import { InMemoryAgentStore } from './in-memory-agent-store.js';

const identity = { tenantId: TENANT, userId: 'key_editor', roles: ['editor'], requestId: 'req_1' };

function runner(start: AgentRunner['start']): AgentRunner {
  return { start, decide: async () => undefined, cancel: async () => undefined };
}

describe('starting an agent run', () => {
  it('records the run FAILED (not QUEUED forever) when the workflow engine cannot take it, and tells the caller', async () => {
    const store = new InMemoryAgentStore();
    const agent = await store.createAgent(TENANT, { key: 'reader', name: 'Reader', role: 'SDR', goal: 'Read', instructions: 'Read.', tools: ['Contacts'], approvalRequiredFor: [] });
    const service = new AgentsService(store, identity, runner(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }));
    await expect(service.startRun(agent.id, 'Read the contacts')).rejects.toThrow('ECONNREFUSED');
    const runs = (await store.listRuns(TENANT)).items.map((item) => item.node);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ENGINE_UNAVAILABLE: /) });
  });

  it('leaves a run the engine took QUEUED for its worker', async () => {
    const store = new InMemoryAgentStore();
    const agent = await store.createAgent(TENANT, { key: 'reader', name: 'Reader', role: 'SDR', goal: 'Read', instructions: 'Read.', tools: ['Contacts'], approvalRequiredFor: [] });
    const started: string[] = [];
    const run = await new AgentsService(store, identity, runner(async (r) => void started.push(r.id))).startRun(agent.id, 'Read');
    expect(started).toEqual([run.id]);
    expect((await store.getRuns(TENANT, [run.id]))[0]?.status).toBe('queued');
  });
});
