import { checkText, orNotFound, pageRequest, Violations, type AgentDefinition, type AgentRun, type AgentStorePort, type NewAgentDefinition, type Page } from '@bizosaas/domain';
import { requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import DataLoader from 'dataloader';
import type { AgentRunner } from './runtime/agent-runner.js';

/**
 * Agents hosted by the platform: definitions and run records, always of the caller's tenant. A started
 * run is recorded QUEUED and handed to the agent runtime (the runner), which executes it as a workflow.
 */
export class AgentsService {
  private readonly agents: DataLoader<string, AgentDefinition | null>;
  private readonly runs: DataLoader<string, AgentRun | null>;

  constructor(
    private readonly store: AgentStorePort,
    private readonly identity: ContextClaims,
    private readonly runner?: AgentRunner,
  ) {
    const tenantId = identity.tenantId;
    this.agents = new DataLoader((ids) => store.getAgents(tenantId, ids));
    this.runs = new DataLoader((ids) => store.getRuns(tenantId, ids));
  }

  async agent(id: string): Promise<AgentDefinition> {
    return orNotFound(await this.agents.load(id), 'Agent', id, 'AGENTS');
  }

  findAgent(id: string): Promise<AgentDefinition | null> {
    return this.agents.load(id);
  }

  async run(id: string): Promise<AgentRun> {
    return orNotFound(await this.runs.load(id), 'AgentRun', id, 'AGENTS');
  }

  /** The run as stored now (after a decision the run may already have moved on). */
  async reloadRun(id: string): Promise<AgentRun> {
    this.runs.clear(id);
    return this.run(id);
  }

  findRun(id: string): Promise<AgentRun | null> {
    return this.runs.load(id);
  }

  listAgents(first: number, after?: string | null): Promise<Page<AgentDefinition>> {
    return this.store.listAgents(this.identity.tenantId, pageRequest(first, after));
  }

  listRuns(first: number, after?: string | null, agentId?: string): Promise<Page<AgentRun>> {
    return this.store.listRuns(this.identity.tenantId, pageRequest(first, after), agentId ? { agentId } : undefined);
  }

  async createAgent(input: NewAgentDefinition): Promise<AgentDefinition> {
    requireRole(this.identity, WRITE_ROLES, 'AGENTS', 'Defining agents');
    const v = new Violations();
    const approvals = input.approvalRequiredFor ?? [];
    for (const tool of approvals) {
      if (!input.tools.includes(tool)) v.add('input.approvalRequiredFor', `lists "${tool}", which is not one of the agent's tools`);
    }
    v.throwIfAny();
    const agent = await this.store.createAgent(this.identity.tenantId, { ...input, approvalRequiredFor: approvals });
    this.agents.prime(agent.id, agent);
    return agent;
  }

  async startRun(agentId: string, task: string): Promise<AgentRun> {
    requireRole(this.identity, WRITE_ROLES, 'AGENTS', 'Starting agent runs');
    await this.agent(agentId);
    const v = new Violations();
    checkText(v, 'input', task, { required: true, max: 10_000 });
    v.throwIfAny();
    const run = await this.store.createRun(this.identity.tenantId, { agentId, input: task.trim(), requestedBy: this.identity.userId });
    // The run acts as an editor limited to its agent's tools, never with the starter's own roles.
    try {
      await this.runner?.start(run, await this.agent(agentId), this.identity.tenantId, ['editor']);
    } catch (error) {
      // Not handed over, the run would stay QUEUED forever: it is recorded FAILED, and the caller told.
      const reason = 'ENGINE_UNAVAILABLE: the run could not be handed to the workflow engine; start it again';
      await this.store.updateRun(this.identity.tenantId, run.id, { status: 'failed', error: reason }).catch(() => undefined);
      throw error;
    }
    this.runs.prime(run.id, run);
    return run;
  }
}
