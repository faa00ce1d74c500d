import { DomainError, NotFoundError, ValidationError, type EnabledWorkflowInfo, type Page, type WorkflowAdminPort, type WorkflowDecision, type WorkflowEnginePort, type WorkflowRunInfo, type WorkflowTemplateInfo } from '@bizosaas/domain';
import { TenantWorkflowStore, WorkflowApprovals, type Platform } from '@bizosaas/platform';
import { randomUUID } from 'node:crypto';
import { templateNamed, WORKFLOW_TEMPLATES } from './workflow-catalogue.js';
import { workflowStoreOf } from './workflow-services.js';
import { scheduleInfo } from './workflow-schedules.js';
import { parseSettings } from './workflow-template.js';

/**
 * The workflows of a tenant as the graph sees them, over the run records and the engine (a DBOS client in
 * processes that do not execute workflows). The engine is asked for lazily: reading runs needs none.
 */
export class WorkflowAdminService implements WorkflowAdminPort {
  private readonly tenantWorkflows: TenantWorkflowStore;

  constructor(
    private readonly platform: Platform,
    private readonly engine: () => Promise<WorkflowEnginePort>,
  ) {
    this.tenantWorkflows = new TenantWorkflowStore(platform.db);
  }

  templates(): readonly WorkflowTemplateInfo[] {
    return WORKFLOW_TEMPLATES.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      ports: t.ports,
      triggerEventType: t.trigger?.eventType ?? null,
      settings: t.settings.map((s) => ({ name: s.name, description: s.description, required: s.required, type: s.type })),
      triggerFields: t.parseTrigger.fields,
      schedule: t.schedule ? scheduleInfo(t.schedule) : null,
    }));
  }

  enabled(tenantId: string): Promise<readonly EnabledWorkflowInfo[]> {
    return this.tenantWorkflows.list(tenantId);
  }

  async enable(tenantId: string, template: string, settings: Readonly<Record<string, unknown>>, by: string): Promise<EnabledWorkflowInfo> {
    return this.tenantWorkflows.enable(tenantId, this.template(template).name, parseSettings(this.template(template), settings), by);
  }

  async disable(tenantId: string, template: string, by: string): Promise<EnabledWorkflowInfo> {
    const disabled = await this.tenantWorkflows.disable(tenantId, this.template(template).name, by);
    if (!disabled) throw new NotFoundError('EnabledWorkflow', template, 'WORKFLOW');
    return disabled;
  }

  async start(tenantId: string, template: string, trigger: unknown, runKey: string): Promise<{ readonly runId: string; readonly alreadyStarted: boolean }> {
    const found = this.template(template);
    const enabled = await this.tenantWorkflows.get(tenantId, found.name);
    if (!enabled?.enabled) throw new DomainError('invalid_state', 'WORKFLOW.NOT_ENABLED', `template: ${found.name} is not enabled for this tenant; enable it first`);
    // A bad trigger is refused here, naming the field, rather than failing the run at its first step.
    const input = { trigger: found.parseTrigger(trigger), settings: enabled.settings };
    const runId = `${found.name}:${tenantId}:${runKey}`;
    const started = await (await this.engine()).start(found.name, { runId, tenantId, input });
    // Recorded now, so the caller can read the run before a worker takes it (the run's own record is then a no-op).
    await workflowStoreOf(this.platform).runStarted({ runId, tenantId, workflow: found.name, input });
    return started;
  }

  runs(tenantId: string, options: { readonly workflow?: string; readonly first: number; readonly after?: string | null }): Promise<Page<WorkflowRunInfo>> {
    return workflowStoreOf(this.platform).runs(tenantId, options);
  }

  run(tenantId: string, runId: string): Promise<WorkflowRunInfo | null> {
    return workflowStoreOf(this.platform).run(tenantId, runId);
  }

  async decide(tenantId: string, request: WorkflowDecision): Promise<WorkflowRunInfo> {
    await new WorkflowApprovals(this.platform.db, await this.engine()).decide(tenantId, request);
    return this.existing(tenantId, request.runId);
  }

  async cancel(tenantId: string, runId: string): Promise<WorkflowRunInfo> {
    const run = await this.existing(tenantId, runId);
    if (run.status !== 'RUNNING') throw new DomainError('invalid_state', 'WORKFLOW.RUN_FINISHED', `the run already ended (${run.status}); only a running run can be cancelled`);
    await new WorkflowApprovals(this.platform.db, await this.engine()).cancelRun(tenantId, runId);
    await (await this.engine()).cancel(runId);
    await workflowStoreOf(this.platform).runFinished(tenantId, runId, 'CANCELLED', { error: 'cancelled' });
    return this.existing(tenantId, runId);
  }

  async retry(tenantId: string, runId: string): Promise<WorkflowRunInfo> {
    const run = await this.existing(tenantId, runId);
    if (run.status === 'RUNNING' || run.status === 'SUCCEEDED') throw new DomainError('invalid_state', 'WORKFLOW.RUN_NOT_FAILED', `the run is ${run.status}; only a failed, compensated or cancelled run can be retried`);
    const original = await workflowStoreOf(this.platform).input(tenantId, runId);
    if (!original) throw new NotFoundError('WorkflowRun', runId, 'WORKFLOW');
    const retryId = `${runId}:retry:${randomUUID().slice(0, 8)}`;
    await (await this.engine()).start(original.workflow, { runId: retryId, tenantId, input: original.input });
    await workflowStoreOf(this.platform).runStarted({ runId: retryId, tenantId, workflow: original.workflow, input: original.input });
    return this.existing(tenantId, retryId);
  }

  private template(name: string) {
    const template = templateNamed(name);
    if (!template) throw new ValidationError([{ field: 'template', reason: `is not a workflow template (known: ${WORKFLOW_TEMPLATES.map((t) => t.name).join(', ')})` }]);
    return template;
  }

  private async existing(tenantId: string, runId: string): Promise<WorkflowRunInfo> {
    const run = await workflowStoreOf(this.platform).run(tenantId, runId);
    if (!run) throw new NotFoundError('WorkflowRun', runId, 'WORKFLOW');
    return run;
  }
}
