import { DomainError, NotFoundError, type SqlClient, type WorkflowDecision, type WorkflowEnginePort } from '@bizosaas/domain';
import { createHash } from 'node:crypto';
import type { WorkflowRun } from './recorded-workflow.js';
import { summarize, type SqlWorkflowRunStore } from './runs/sql-workflow-run-store.js';

/** What a human is asked to approve, and for how long. */
export interface ApprovalRequest {
  /** Exactly what is approved (a draft's id, title and body, an amount...): its hash binds the decision. */
  readonly subject: unknown;
  readonly timeoutMs: number;
  /** When nobody decided after this long, `escalate` runs once (a step); then the wait goes on until the timeout. */
  readonly escalateAfterMs?: number;
  readonly escalate?: (idempotencyKey: string) => Promise<unknown>;
}

export type ApprovalOutcome = { readonly status: 'APPROVED' | 'REJECTED'; readonly decidedBy: string; readonly reason?: string } | { readonly status: 'EXPIRED' };

interface Decision {
  readonly approved: boolean;
  readonly decidedBy: string;
  readonly reason?: string;
}

/** sha256 of the canonical JSON (keys sorted) of `subject`: the same content always hashes the same. */
export function subjectHash(subject: unknown): string {
  return createHash('sha256').update(canonicalJson(subject)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const topicOf = (stepId: string) => `approval:${stepId}`;
// After the workflow saw its timeout pass, a decision recorded in the same instant may still be on its way.
const LATE_DECISION_GRACE_MS = 30_000;

/**
 * An approval step inside a workflow: records the request (bound to the subject's hash, with its expiry), waits
 * durably for `approveWorkflowStep`/`rejectWorkflowStep` (the wait survives restarts of every process), escalates
 * once if asked, and expires at the timeout. Returns who decided, or EXPIRED.
 */
export async function awaitApproval(run: WorkflowRun, deps: { readonly db: SqlClient; readonly store: SqlWorkflowRunStore }, stepId: string, request: ApprovalRequest): Promise<ApprovalOutcome> {
  const { context: ctx } = run;
  const hash = subjectHash(request.subject);
  await ctx.step(`${stepId}:request`, async () => {
    await deps.db.query(
      `INSERT INTO workflow_approvals (run_id, step_id, tenant_id, subject_hash, subject_summary, status, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'WAITING', clock_timestamp() + make_interval(secs => $6::double precision / 1000)) ON CONFLICT (run_id, step_id) DO NOTHING`,
      [run.runId, stepId, run.tenantId, hash, summarize(request.subject), request.timeoutMs],
    );
    await deps.store.stepAttempt(run.tenantId, run.runId, { stepId, kind: 'APPROVAL', status: 'WAITING', input: { subjectHash: hash, subject: request.subject } });
  });
  const escalateAfter = request.escalate && request.escalateAfterMs !== undefined && request.escalateAfterMs < request.timeoutMs ? request.escalateAfterMs : undefined;
  let decision = await ctx.recv<Decision>(topicOf(stepId), escalateAfter ?? request.timeoutMs);
  if (!decision && escalateAfter !== undefined && request.escalate) {
    await run.step(`${stepId}:escalate`, request.escalate);
    decision = await ctx.recv<Decision>(topicOf(stepId), request.timeoutMs - escalateAfter);
  }
  if (!decision) {
    const expired = await ctx.step(`${stepId}:expire`, async () => {
      const result = await deps.db.query(`UPDATE workflow_approvals SET status = 'EXPIRED' WHERE run_id = $1 AND step_id = $2 AND status = 'WAITING'`, [run.runId, stepId]);
      if (result.rowCount > 0) await deps.store.stepFinished(run.tenantId, run.runId, stepId, 'EXPIRED', { error: 'nobody decided before the approval expired' });
      return result.rowCount > 0;
    });
    if (expired) return { status: 'EXPIRED' };
    decision = await ctx.recv<Decision>(topicOf(stepId), LATE_DECISION_GRACE_MS);
    if (!decision) return { status: 'EXPIRED' };
  }
  const reason = decision.reason ? { reason: decision.reason } : {};
  const outcome: ApprovalOutcome = { status: decision.approved ? 'APPROVED' : 'REJECTED', decidedBy: decision.decidedBy, ...reason };
  await ctx.step(`${stepId}:decided`, () => deps.store.stepFinished(run.tenantId, run.runId, stepId, outcome.status, { output: { decidedBy: decision.decidedBy, ...reason } }));
  return outcome;
}

/**
 * The deciding side (`approveWorkflowStep` / `rejectWorkflowStep`): checks the request is the tenant's, still
 * waiting, not expired and about exactly the subject the caller saw, records who decided, then wakes the run.
 */
export class WorkflowApprovals {
  constructor(
    private readonly db: SqlClient,
    private readonly engine: Pick<WorkflowEnginePort, 'send'>,
  ) {}

  /**
   * Raises NotFoundError (no such approval for the tenant), DomainError `WORKFLOW.APPROVAL_EXPIRED`,
   * `WORKFLOW.APPROVAL_CANCELLED`, `WORKFLOW.APPROVAL_ALREADY_DECIDED` (invalid_state) or
   * `WORKFLOW.APPROVAL_CHANGED` (conflict: the subject is not the one the caller approved). A rejection's
   * `reason` (already checked by the caller) is recorded with it; an approval records none.
   */
  async decide(tenantId: string, request: WorkflowDecision): Promise<{ readonly status: 'APPROVED' | 'REJECTED' }> {
    const status = request.approved ? 'APPROVED' : 'REJECTED';
    const reason = !request.approved && request.reason ? request.reason : null;
    const updated = await this.db.query(
      `UPDATE workflow_approvals SET status = $5, decided_by = $6, decided_at = clock_timestamp(), reason = $7
       WHERE tenant_id = $1 AND run_id = $2 AND step_id = $3 AND subject_hash = $4 AND status = 'WAITING' AND expires_at > clock_timestamp()`,
      [tenantId, request.runId, request.stepId, request.subjectHash, status, request.decidedBy, reason],
    );
    if (updated.rowCount === 0) await this.explainRefusal(tenantId, request);
    const decision: Decision = { approved: request.approved, decidedBy: request.decidedBy, ...(reason ? { reason } : {}) };
    try {
      await this.engine.send(request.runId, topicOf(request.stepId), decision, `${request.runId}:${request.stepId}:decision`);
    } catch (error) {
      await this.db.query(`UPDATE workflow_approvals SET status = 'WAITING', decided_by = NULL, decided_at = NULL, reason = NULL WHERE run_id = $1 AND step_id = $2`, [request.runId, request.stepId]);
      throw error;
    }
    return { status };
  }

  /** Marks a cancelled run's waiting approvals CANCELLED, so deciding them is refused. */
  async cancelRun(tenantId: string, runId: string): Promise<void> {
    await this.db.query(`UPDATE workflow_approvals SET status = 'CANCELLED' WHERE tenant_id = $1 AND run_id = $2 AND status = 'WAITING'`, [tenantId, runId]);
  }

  private async explainRefusal(tenantId: string, request: { readonly runId: string; readonly stepId: string; readonly subjectHash: string }): Promise<never> {
    const found = await this.db.query(
      `SELECT status, subject_hash, expires_at, expires_at <= clock_timestamp() AS expired FROM workflow_approvals WHERE tenant_id = $1 AND run_id = $2 AND step_id = $3`,
      [tenantId, request.runId, request.stepId],
    );
    const row = found.rows[0];
    if (!row) throw new NotFoundError('WorkflowApproval', `${request.runId}/${request.stepId}`, 'WORKFLOW');
    const expiresAt = row.expires_at instanceof Date ? row.expires_at.toISOString() : String(row.expires_at);
    if (row.status === 'CANCELLED') throw new DomainError('invalid_state', 'WORKFLOW.APPROVAL_CANCELLED', 'the workflow run was cancelled: its approval can no longer be decided');
    if (row.status === 'EXPIRED' || row.expired === true) throw new DomainError('invalid_state', 'WORKFLOW.APPROVAL_EXPIRED', `the approval expired at ${expiresAt}: it can no longer be decided`);
    if (row.status !== 'WAITING') throw new DomainError('invalid_state', 'WORKFLOW.APPROVAL_ALREADY_DECIDED', `the approval was already ${String(row.status).toLowerCase()}`);
    if (row.subject_hash !== request.subjectHash) throw new DomainError('conflict', 'WORKFLOW.APPROVAL_CHANGED', 'subjectHash: what is awaiting approval is not what you approved (it changed); read the step again and decide on its current subjectHash');
    throw new DomainError('invalid_state', 'WORKFLOW.APPROVAL_NOT_WAITING', 'the approval is not waiting for a decision');
  }
}
