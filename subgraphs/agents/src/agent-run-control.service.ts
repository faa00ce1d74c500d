import { DomainError, type AgentBudgetPort, type AgentRun, type AgentRunUsage, type AgentStorePort } from '@bizosaas/domain';
import { requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import type { AgentRunner } from './runtime/agent-runner.js';
import { pendingApproval, type PendingApproval } from './runtime/pending-approval.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Human control of running agents: approve or reject the action a run waits on (bound to its argument
 * hash, before it expires, the approver recorded by the run), cancel a run, read its usage.
 */
export class AgentRunControl {
  constructor(
    private readonly store: AgentStorePort,
    private readonly runner: AgentRunner | undefined,
    private readonly budget: AgentBudgetPort | undefined,
    private readonly identity: ContextClaims,
    private readonly now: () => Date = () => new Date(),
  ) {}

  pending(run: AgentRun): PendingApproval | null {
    return run.status === 'waiting_for_approval' ? pendingApproval(run) : null;
  }

  usage(run: AgentRun): Promise<AgentRunUsage> {
    return this.budget?.runUsage(this.identity.tenantId, run.id) ?? Promise.resolve({ inputTokens: 0, outputTokens: 0, costMicros: 0, modelCalls: 0 });
  }

  /** Raises NOT_FOUND for an unknown action, INVALID_STATE when the run does not wait or it expired, CONFLICT for other arguments. */
  async decide(run: AgentRun, actionId: string, decision: { readonly approved: boolean; readonly argsHash?: string | null; readonly reason?: string | null }): Promise<void> {
    requireRole(this.identity, WRITE_ROLES, 'AGENTS', decision.approved ? 'Approving agent actions' : 'Rejecting agent actions');
    const runner = this.requireRunner();
    if (run.status !== 'waiting_for_approval') throw new DomainError('invalid_state', 'AGENTS.RUN_NOT_WAITING', `Run ${run.id} is ${run.status}, not waiting for an approval.`);
    const pending = pendingApproval(run);
    if (pending === null || pending.actionId !== actionId) throw new DomainError('not_found', 'AGENTS.ACTION_NOT_FOUND', `Run ${run.id} does not wait on action ${actionId}.`);
    if (pending.expiresAt.getTime() <= this.now().getTime()) throw new DomainError('invalid_state', 'AGENTS.APPROVAL_EXPIRED', `The approval request ${actionId} expired at ${pending.expiresAt.toISOString()}.`);
    if (decision.argsHash && decision.argsHash !== pending.argsHash) {
      throw new DomainError('conflict', 'AGENTS.ARGUMENTS_CHANGED', `argsHash does not match the arguments action ${actionId} waits with; read the run again.`);
    }
    if (decision.reason && decision.reason.length > 2000) throw new DomainError('invalid_input', 'AGENTS.REASON_TOO_LONG', 'reason must be at most 2000 characters');
    await runner.decide(run.id, actionId, { approved: decision.approved, approver: this.identity.userId, argsHash: pending.argsHash, ...(decision.reason ? { reason: decision.reason } : {}) });
  }

  /** Stops a run that has not finished; INVALID_STATE for a finished one. */
  async cancel(run: AgentRun): Promise<AgentRun> {
    requireRole(this.identity, WRITE_ROLES, 'AGENTS', 'Cancelling agent runs');
    if (TERMINAL.has(run.status)) throw new DomainError('invalid_state', 'AGENTS.RUN_FINISHED', `Run ${run.id} already finished (${run.status}).`);
    await this.requireRunner().cancel(run.id);
    return this.store.updateRun(this.identity.tenantId, run.id, { status: 'cancelled', step: { kind: 'plan', tool: null, detail: { cancelledBy: this.identity.userId } } });
  }

  private requireRunner(): AgentRunner {
    if (!this.runner) throw new DomainError('not_supported', 'AGENTS.NO_RUNTIME', 'This process runs no agent runtime.');
    return this.runner;
  }
}
