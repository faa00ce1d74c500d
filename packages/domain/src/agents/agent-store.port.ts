import type { Page, PageRequest } from '../shared/page.js';
import type { AgentDefinition, AgentRun, AgentRunStatus, AgentRunStep, NewAgentDefinition } from './agent.entities.js';

/**
 * Tenant-scoped storage of agent definitions and runs (platform database). Every method takes the tenant
 * id from the verified request context, never from client input; another tenant's id is unknown.
 *
 * Errors: `DomainError('conflict')` for a duplicate agent key; `NotFoundError` where stated; the
 * database's own errors otherwise.
 */
export interface AgentStorePort {
  /** The tenant's agents (built-in first, then by creation). */
  listAgents(tenantId: string, request: PageRequest): Promise<Page<AgentDefinition>>;
  /** Batch read: one slot per id in request order, null when unknown or another tenant's. */
  getAgents(tenantId: string, ids: readonly string[]): Promise<readonly (AgentDefinition | null)[]>;
  createAgent(tenantId: string, input: NewAgentDefinition): Promise<AgentDefinition>;
  /** Runs, newest first, optionally of one agent. */
  listRuns(tenantId: string, request: PageRequest, filter?: { readonly agentId?: string }): Promise<Page<AgentRun>>;
  /** Batch read: one slot per id in request order. */
  getRuns(tenantId: string, ids: readonly string[]): Promise<readonly (AgentRun | null)[]>;
  /** Records a new run in status `queued`. Raises `NotFoundError` for an unknown agent. */
  createRun(tenantId: string, input: { readonly agentId: string; readonly input: string; readonly requestedBy: string }): Promise<AgentRun>;
  /** Appends a step and/or changes status; raises `NotFoundError` for an unknown run. */
  updateRun(
    tenantId: string,
    runId: string,
    change: { readonly status?: AgentRunStatus; readonly step?: Omit<AgentRunStep, 'index' | 'at'>; readonly output?: string | null; readonly error?: string | null },
  ): Promise<AgentRun>;
}
