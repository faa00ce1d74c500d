import { NotFoundError, type AgentDefinition, type AgentRun, type AgentRunStatus, type AgentRunStep, type AgentStorePort, type NewAgentDefinition, type Page, type PageRequest } from '@bizosaas/domain';

const TERMINAL = new Set<AgentRunStatus>(['succeeded', 'failed', 'cancelled']);

/** AgentStorePort in memory, for tests of the run workflow without a database (one tenant's view per call). */
export class InMemoryAgentStore implements AgentStorePort {
  readonly agents = new Map<string, AgentDefinition & { tenantId: string }>();
  readonly runs = new Map<string, AgentRun & { tenantId: string }>();
  private seq = 0;

  async listAgents(tenantId: string, request: PageRequest): Promise<Page<AgentDefinition>> {
    const items = [...this.agents.values()].filter((a) => a.tenantId === tenantId).slice(0, request.first);
    return { items: items.map((node) => ({ node, cursor: null })), endCursor: null, hasNextPage: false, totalCount: items.length };
  }

  async getAgents(tenantId: string, ids: readonly string[]): Promise<readonly (AgentDefinition | null)[]> {
    return ids.map((id) => { const a = this.agents.get(id); return a && a.tenantId === tenantId ? a : null; });
  }

  async createAgent(tenantId: string, input: NewAgentDefinition): Promise<AgentDefinition> {
    const now = new Date();
    const agent = { ...input, approvalRequiredFor: input.approvalRequiredFor ?? [], id: `agt_${++this.seq}`, builtIn: false, createdAt: now, updatedAt: now, tenantId };
    this.agents.set(agent.id, agent);
    return agent;
  }

  async listRuns(tenantId: string): Promise<Page<AgentRun>> {
    const items = [...this.runs.values()].filter((r) => r.tenantId === tenantId);
    return { items: items.map((node) => ({ node, cursor: null })), endCursor: null, hasNextPage: false, totalCount: items.length };
  }

  async getRuns(tenantId: string, ids: readonly string[]): Promise<readonly (AgentRun | null)[]> {
    return ids.map((id) => { const r = this.runs.get(id); return r && r.tenantId === tenantId ? r : null; });
  }

  async createRun(tenantId: string, input: { readonly agentId: string; readonly input: string; readonly requestedBy: string }): Promise<AgentRun> {
    if (!this.agents.has(input.agentId)) throw new NotFoundError('Agent', input.agentId, 'AGENTS');
    const now = new Date();
    const run = { id: `run_${++this.seq}`, agentId: input.agentId, status: 'queued' as const, input: input.input, steps: [], output: null, error: null, requestedBy: input.requestedBy, createdAt: now, updatedAt: now, finishedAt: null, tenantId };
    this.runs.set(run.id, run);
    return run;
  }

  async updateRun(tenantId: string, runId: string, change: { readonly status?: AgentRunStatus; readonly step?: Omit<AgentRunStep, 'index' | 'at'>; readonly output?: string | null; readonly error?: string | null }): Promise<AgentRun> {
    const run = this.runs.get(runId);
    if (!run || run.tenantId !== tenantId) throw new NotFoundError('Run', runId, 'AGENTS');
    const steps = change.step ? [...run.steps, { ...change.step, detail: JSON.parse(JSON.stringify(change.step.detail ?? null)) as unknown, index: run.steps.length, at: new Date() }] : run.steps;
    const status = change.status ?? run.status;
    const next = { ...run, steps, status, output: change.output !== undefined ? change.output : run.output, error: change.error !== undefined ? change.error : run.error, updatedAt: new Date(), finishedAt: TERMINAL.has(status) ? (run.finishedAt ?? new Date()) : null };
    this.runs.set(runId, next);
    return next;
  }
}
