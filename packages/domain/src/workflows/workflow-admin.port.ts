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
  readonly settings: readonly { readonly name: string; readonly description: string; readonly required: boolean }[];
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

export interface WorkflowAdminPort {
  templates(): readonly WorkflowTemplateInfo[];
  enabled(tenantId: string): Promise<readonly EnabledWorkflowInfo[]>;
  /** Raises ValidationError naming `template` or `settings.<name>`; nothing is stored then. */
  enable(tenantId: string, template: string, settings: Readonly<Record<string, unknown>>, by: string): Promise<EnabledWorkflowInfo>;
  /** Raises NotFoundError when the tenant never enabled it. */
  disable(tenantId: string, template: string, by: string): Promise<EnabledWorkflowInfo>;
  /** Starts an enabled template by hand; `runKey` makes a repeated start return the same run. */
  start(tenantId: string, template: string, trigger: unknown, runKey: string): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }>;
  runs(tenantId: string, options: { readonly workflow?: string; readonly limit: number }): Promise<readonly WorkflowRunInfo[]>;
  run(tenantId: string, runId: string): Promise<WorkflowRunInfo | null>;
  /** Raises the approval's refusal (expired, cancelled, changed, already decided, not found). */
  decide(tenantId: string, request: { readonly runId: string; readonly stepId: string; readonly subjectHash: string; readonly approved: boolean; readonly decidedBy: string }): Promise<WorkflowRunInfo>;
  cancel(tenantId: string, runId: string): Promise<WorkflowRunInfo>;
  /** Starts a new run with the failed or cancelled run's input; raises INVALID_STATE for a run still going or done well. */
  retry(tenantId: string, runId: string): Promise<WorkflowRunInfo>;
}
