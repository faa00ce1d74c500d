import type { Page } from '../shared/page.js';

/**
 * What the graph shows and changes of a tenant's workflows (issue 14): the template catalogue, the tenant's
 * enabled templates with settings, runs with their steps, approvals, cancel and retry. Implemented in the
 * composition root over the workflow engine and the run records; every method is scoped to `tenantId`.
 */
export interface WorkflowTemplateInfo {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly ports: readonly string[];
  readonly triggerEventType: string | null;
  readonly settings: readonly WorkflowFieldInfo[];
  /** The fields of the trigger `startWorkflow` takes to start it by hand. */
  readonly triggerFields: readonly WorkflowFieldInfo[];
  /** Set for a template that starts on a schedule. */
  readonly schedule: WorkflowScheduleInfo | null;
}

/** What kind of value a template setting or trigger field takes; a value of another kind is refused, naming the field. */
export type WorkflowFieldType = 'STRING' | 'NUMBER' | 'BOOLEAN';

/** One setting a tenant gives when enabling a template, or one field of its trigger. */
export interface WorkflowFieldInfo {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly type: WorkflowFieldType;
}

/** When a scheduled template starts its runs. */
export interface WorkflowScheduleInfo {
  /** Seconds between runs when the tenant leaves `setting` out. */
  readonly defaultEverySeconds: number;
  /** The setting that changes the interval; null when it is fixed. */
  readonly setting: string | null;
  /** The interval in words, e.g. "every 24 hours (setting everyHours), on whole multiples since midnight UTC". */
  readonly description: string;
}

export interface EnabledWorkflowInfo {
  readonly template: string;
  readonly enabled: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export interface WorkflowStepInfo {
  readonly stepId: string;
  readonly kind: 'ACTION' | 'APPROVAL' | 'COMPENSATION';
  readonly status: string;
  readonly attempts: number;
  readonly inputSummary: string | null;
  readonly outputSummary: string | null;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** For an APPROVAL step: what waits for a decision (or was decided). */
  readonly approval: WorkflowApprovalInfo | null;
}

/** A human approval of a step, bound to the hash of exactly what is approved. */
export interface WorkflowApprovalInfo {
  /** sha256 of the canonical JSON of the subject; a decision must name it. */
  readonly subjectHash: string;
  readonly subjectSummary: string | null;
  /** WAITING, APPROVED, REJECTED, EXPIRED or CANCELLED. */
  readonly status: string;
  readonly expiresAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  /** Why it was rejected, as the decider said; null when approved, undecided or no reason was given. */
  readonly reason: string | null;
}

export interface WorkflowRunInfo {
  readonly runId: string;
  readonly workflow: string;
  readonly status: string;
  readonly inputSummary: string | null;
  readonly outputSummary: string | null;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
  readonly steps: readonly WorkflowStepInfo[];
}

/** A human decision on an approval step, bound to the subject's hash; `reason` only with a rejection. */
export interface WorkflowDecision {
  readonly runId: string;
  readonly stepId: string;
  readonly subjectHash: string;
  readonly approved: boolean;
  readonly decidedBy: string;
  readonly reason?: string | null;
}

export interface WorkflowAdminPort {
  templates(): readonly WorkflowTemplateInfo[];
  enabled(tenantId: string): Promise<readonly EnabledWorkflowInfo[]>;
  /** Raises ValidationError naming `template` or `settings.<name>`; nothing is stored then. */
  enable(tenantId: string, template: string, settings: Readonly<Record<string, unknown>>, by: string): Promise<EnabledWorkflowInfo>;
  /** Raises NotFoundError when the tenant never enabled it. */
  disable(tenantId: string, template: string, by: string): Promise<EnabledWorkflowInfo>;
  /** Starts an enabled template by hand; `runKey` makes a repeated start return the same run. */
  start(tenantId: string, template: string, trigger: unknown, runKey: string): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }>;
  /** The tenant's runs, newest first, optionally of one template; `after` is a cursor of an earlier page. Raises ValidationError naming `after` for a cursor it did not give. */
  runs(tenantId: string, options: { readonly workflow?: string; readonly first: number; readonly after?: string | null }): Promise<Page<WorkflowRunInfo>>;
  run(tenantId: string, runId: string): Promise<WorkflowRunInfo | null>;
  /** Raises the approval's refusal (expired, cancelled, changed, already decided, not found). */
  decide(tenantId: string, request: WorkflowDecision): Promise<WorkflowRunInfo>;
  cancel(tenantId: string, runId: string): Promise<WorkflowRunInfo>;
  /** Starts a new run with the failed or cancelled run's input; raises INVALID_STATE for a run still going or done well. */
  retry(tenantId: string, runId: string): Promise<WorkflowRunInfo>;
}
