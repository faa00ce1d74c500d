import { ValidationError } from '@bizosaas/domain';
import type { RecordedApproval, RecordedRun, RecordedRunStatus, RecordedStep, RecordedStepKind, RecordedStepStatus } from './sql-workflow-run-store.js';

/** Row mapping and page cursors of the run store (pure). */
type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const date = (value: unknown): Date | null => (value instanceof Date ? value : null);

export function toRun(row: Row, steps: RecordedStep[]): RecordedRun {
  return {
    runId: String(row.id),
    tenantId: String(row.tenant_id),
    workflow: String(row.workflow),
    status: String(row.status) as RecordedRunStatus,
    inputSummary: text(row.input_summary),
    outputSummary: text(row.output_summary),
    error: text(row.error),
    startedAt: date(row.started_at) ?? new Date(0),
    updatedAt: date(row.updated_at) ?? new Date(0),
    finishedAt: date(row.finished_at),
    steps,
  };
}

/** A step row, with the columns of its approval (a_*) when it has one. */
export function toStep(row: Row): RecordedStep {
  return {
    stepId: String(row.step_id),
    kind: String(row.kind) as RecordedStepKind,
    status: String(row.status) as RecordedStepStatus,
    attempts: Number(row.attempts),
    inputSummary: text(row.input_summary),
    outputSummary: text(row.output_summary),
    error: text(row.error),
    startedAt: date(row.started_at) ?? new Date(0),
    finishedAt: date(row.finished_at),
    approval: toApproval(row),
  };
}

function toApproval(row: Row): RecordedApproval | null {
  const subjectHash = text(row.a_subject_hash);
  if (subjectHash === null) return null;
  return {
    subjectHash,
    subjectSummary: text(row.a_subject_summary),
    status: String(row.a_status),
    expiresAt: date(row.a_expires_at) ?? new Date(0),
    decidedBy: text(row.a_decided_by),
    decidedAt: date(row.a_decided_at),
    reason: text(row.a_reason),
  };
}

/**
 * A run's place in the newest-first list: its start time as PostgreSQL prints it (microseconds kept, which a
 * JavaScript Date would lose) and its id.
 */
export function encodeRunCursor(startedAtKey: string, runId: string): string {
  return Buffer.from(JSON.stringify([startedAtKey, runId])).toString('base64url');
}

/** Raises ValidationError naming `after` for anything `encodeRunCursor` did not make. */
export function decodeRunCursor(cursor: string): { readonly startedAt: string; readonly runId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0]))) {
      return { startedAt: value[0], runId: value[1] };
    }
  } catch {
    // reported below
  }
  throw new ValidationError([{ field: 'after', reason: 'is not a cursor of workflowRuns (pass a pageInfo.endCursor you were given)' }]);
}
