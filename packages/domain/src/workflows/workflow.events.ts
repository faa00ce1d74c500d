import type { DomainEvent } from '../events/domain-event.js';

export const WorkflowEventTypes = {
  /** A recorded workflow run changed status, or one of its steps did (`workflowRunUpdated`). */
  RunUpdated: 'workflows.run.updated.v1',
} as const;

/**
 * One transition of a workflow run, as recorded: `run` when the run's status changed, `step` when a step
 * started an attempt or reached a new status. Written to the outbox with the change, so a subscriber sees
 * the transitions of a run in the order they were recorded.
 */
export interface WorkflowRunUpdatedPayload {
  readonly runId: string;
  readonly workflow: string;
  readonly kind: 'run' | 'step';
  /** The run's status (for `run`) or the step's (for `step`), as stored: RUNNING, SUCCEEDED, WAITING... */
  readonly status: string;
  /** For `step`. */
  readonly stepId?: string;
  /** For `step`: ACTION, APPROVAL or COMPENSATION. */
  readonly stepKind?: string;
  /** For `step`: attempts so far. */
  readonly attempts?: number;
  readonly error?: string | null;
}

export type WorkflowRunUpdated = DomainEvent<typeof WorkflowEventTypes.RunUpdated, WorkflowRunUpdatedPayload>;
