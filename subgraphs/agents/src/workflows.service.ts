import { checkText, DomainError, orNotFound, pageRequest, Violations, type EnabledWorkflowInfo, type Page, type WorkflowAdminPort, type WorkflowRunInfo, type WorkflowTemplateInfo } from '@bizosaas/domain';
import { ADMIN_ROLES, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import { randomUUID } from 'node:crypto';

/**
 * The tenant's durable workflows as the graph sees them: the template catalogue, enabled templates with
 * settings (admin role), runs with their steps, and what people do to runs (start, approve or reject a
 * step, cancel, retry: admin or editor). Always the caller's tenant; the decider is the caller.
 */
export class WorkflowsService {
  constructor(
    private readonly port: WorkflowAdminPort | undefined,
    private readonly identity: ContextClaims,
  ) {}

  templates(): readonly WorkflowTemplateInfo[] {
    return this.admin().templates();
  }

  enabled(): Promise<readonly EnabledWorkflowInfo[]> {
    return this.admin().enabled(this.identity.tenantId);
  }

  /** Raises ValidationError naming `template`, `settings` or `settings.<name>`; nothing is stored then. */
  async enable(template: string, settings: unknown): Promise<EnabledWorkflowInfo> {
    requireRole(this.identity, ADMIN_ROLES, 'WORKFLOW', 'Enabling workflows');
    checkTemplate(template);
    if (settings !== undefined && settings !== null && (typeof settings !== 'object' || Array.isArray(settings))) {
      new Violations().add('settings', 'must be an object of setting name to value').throwIfAny();
    }
    return this.admin().enable(this.identity.tenantId, template, settingsObject(settings), this.identity.userId);
  }

  async disable(template: string): Promise<EnabledWorkflowInfo> {
    requireRole(this.identity, ADMIN_ROLES, 'WORKFLOW', 'Disabling workflows');
    checkTemplate(template);
    return this.admin().disable(this.identity.tenantId, template, this.identity.userId);
  }

  /** Starts an enabled template; the same idempotencyKey gives the same run. */
  async start(template: string, trigger: unknown, idempotencyKey: string | null | undefined): Promise<WorkflowRunInfo> {
    requireRole(this.identity, WRITE_ROLES, 'WORKFLOW', 'Starting workflows');
    const v = new Violations();
    checkText(v, 'template', template, { required: true, max: 100 });
    checkText(v, 'idempotencyKey', idempotencyKey, { required: false, max: 200 });
    v.throwIfAny();
    const started = await this.admin().start(this.identity.tenantId, template, trigger ?? {}, idempotencyKey ?? randomUUID());
    return this.run(started.runId);
  }

  async runs(first: number, after: string | null | undefined, template: string | null | undefined): Promise<Page<WorkflowRunInfo>> {
    const page = pageRequest(first, after);
    return this.admin().runs(this.identity.tenantId, { first: page.first, after: page.after ?? null, ...(template ? { workflow: template } : {}) });
  }

  async run(id: string): Promise<WorkflowRunInfo> {
    return orNotFound(await this.admin().run(this.identity.tenantId, id), 'WorkflowRun', id, 'WORKFLOW');
  }

  findRun(id: string): Promise<WorkflowRunInfo | null> {
    return this.admin().run(this.identity.tenantId, id);
  }

  /**
   * Decides an approval step; refused when it expired, was cancelled, was decided, or `subjectHash` is not its
   * subject's. A rejection may give a `reason` (trimmed; blank is none), recorded with the decision.
   */
  async decide(runId: string, stepId: string, subjectHash: string, approved: boolean, reason?: string | null): Promise<WorkflowRunInfo> {
    requireRole(this.identity, WRITE_ROLES, 'WORKFLOW', approved ? 'Approving workflow steps' : 'Rejecting workflow steps');
    const v = new Violations();
    checkText(v, 'stepId', stepId, { required: true, max: 200 });
    if (!/^[0-9a-f]{64}$/.test(subjectHash)) v.add('subjectHash', "must be the step's approval.subjectHash (64 hex characters)");
    const given = reason?.trim() || null;
    checkText(v, 'reason', given, { max: MAX_REASON });
    if (given !== null && CONTROL_CHARACTER.test(given)) v.add('reason', 'must not contain control characters');
    v.throwIfAny();
    return this.admin().decide(this.identity.tenantId, { runId, stepId, subjectHash, approved, decidedBy: this.identity.userId, ...(given ? { reason: given } : {}) });
  }

  async cancel(runId: string): Promise<WorkflowRunInfo> {
    requireRole(this.identity, WRITE_ROLES, 'WORKFLOW', 'Cancelling workflow runs');
    return this.admin().cancel(this.identity.tenantId, runId);
  }

  async retry(runId: string): Promise<WorkflowRunInfo> {
    requireRole(this.identity, WRITE_ROLES, 'WORKFLOW', 'Retrying workflow runs');
    return this.admin().retry(this.identity.tenantId, runId);
  }

  private admin(): WorkflowAdminPort {
    if (!this.port) throw new DomainError('not_supported', 'WORKFLOW.NOT_AVAILABLE', 'workflows are not available in this deployment');
    return this.port;
  }
}

/** What a rejection's reason may hold: a few sentences, shown to people as text. */
const MAX_REASON = 500;
// C0 controls other than tab, line feed and carriage return, and DEL (the gateway refuses the same set first).
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkTemplate(template: string): void {
  const v = new Violations();
  checkText(v, 'template', template, { required: true, max: 100 });
  v.throwIfAny();
}

/** GraphQL's JSON scalar gives `unknown`; an object (checked above) or nothing. */
function settingsObject(settings: unknown): Readonly<Record<string, unknown>> {
  return typeof settings === 'object' && settings !== null ? Object.fromEntries(Object.entries(settings)) : {};
}
