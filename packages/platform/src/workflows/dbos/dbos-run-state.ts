import type { WorkflowStatus } from '@dbos-inc/dbos-sdk';
import type { WorkflowRunProspect, WorkflowRunState, WorkflowRunStatus } from '@bizosaas/domain';

/** DBOS's view of a run in the port's terms (pure). MAX_RECOVERY_ATTEMPTS_EXCEEDED ends a run as ERROR for `state`. */
const TERMINAL: Readonly<Record<string, WorkflowRunStatus>> = { SUCCESS: 'SUCCESS', ERROR: 'ERROR', CANCELLED: 'CANCELLED', MAX_RECOVERY_ATTEMPTS_EXCEEDED: 'ERROR' };

export function toRunState(status: WorkflowStatus): WorkflowRunState {
  const mapped = TERMINAL[status.status] ?? 'PENDING';
  return {
    runId: status.workflowID,
    workflowName: status.workflowName,
    status: mapped,
    ...(mapped === 'SUCCESS' ? { output: status.output } : {}),
    ...(mapped === 'ERROR' ? { error: errorText(status.error) } : {}),
  };
}

/**
 * Whether DBOS will still finish a run. An unfinished run stamped with another code version is dequeued and
 * recovered only by executors of that version, which this deployment no longer has (runs without a version
 * are anyone's). MAX_RECOVERY_ATTEMPTS_EXCEEDED: DBOS stopped recovering the run (it crashed its executor
 * that often); it only moves again if someone resumes it by hand, which the product never does.
 */
export function prospectOf(status: WorkflowStatus | undefined, codeVersion: string): WorkflowRunProspect {
  if (!status) return { kind: 'missing' };
  if (status.status === 'MAX_RECOVERY_ATTEMPTS_EXCEEDED') {
    const attempts = status.recoveryAttempts === undefined ? '' : ` after ${status.recoveryAttempts} attempts`;
    return { kind: 'stranded', reason: 'RECOVERY_EXHAUSTED', detail: `the workflow engine gave up resuming the run${attempts}` };
  }
  if (TERMINAL[status.status]) return { kind: 'ended', state: toRunState(status) };
  const version = status.applicationVersion;
  if (version && version !== codeVersion) {
    return { kind: 'stranded', reason: 'CODE_VERSION', detail: `the run was started under workflow code ${version}; this deployment runs ${codeVersion} and cannot resume it` };
  }
  return { kind: 'active' };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
