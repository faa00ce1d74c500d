import type { SqlClient } from '@bizosaas/domain';

export type RecordedRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'COMPENSATED' | 'CANCELLED';
export type RecordedStepKind = 'ACTION' | 'APPROVAL' | 'COMPENSATION';
export type RecordedStepStatus = 'RUNNING' | 'RETRYING' | 'SUCCEEDED' | 'FAILED' | 'WAITING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';

export interface RecordedStep {
  readonly stepId: string;
  readonly kind: RecordedStepKind;
  readonly status: RecordedStepStatus;
  readonly attempts: number;
  readonly inputSummary: string | null;
  readonly outputSummary: string | null;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export interface RecordedRun {
  readonly runId: string;
  readonly tenantId: string;
  readonly workflow: string;
  readonly status: RecordedRunStatus;
  readonly inputSummary: string | null;
  readonly outputSummary: string | null;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
  readonly steps: readonly RecordedStep[];
}

/** Told after every recorded change of a run (the `workflowRunUpdated` feed). */
export type RunChanged = (change: { readonly tenantId: string; readonly runId: string }) => void;

const SUMMARY_LIMIT = 500;

/** A short JSON rendering of a value for the graph: enough to recognise it, never a whole payload. */
export function summarize(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text;
}

/**
 * The product's record of workflow runs and steps (tables of the `workflows` migration set). Writes are
 * idempotent per (run, step), so a step replayed after a crash updates its row instead of adding one.
 */
export class SqlWorkflowRunStore {
  constructor(
    private readonly db: SqlClient,
    private readonly onChange: RunChanged = () => undefined,
  ) {}

  async runStarted(run: { readonly runId: string; readonly tenantId: string; readonly workflow: string; readonly input: unknown }): Promise<void> {
    await this.db.query(
      `INSERT INTO workflow_runs (id, tenant_id, workflow, status, input_summary, input) VALUES ($1, $2, $3, 'RUNNING', $4, $5) ON CONFLICT (id) DO NOTHING`,
      [run.runId, run.tenantId, run.workflow, summarize(run.input), JSON.stringify(run.input ?? null)],
    );
    this.onChange({ tenantId: run.tenantId, runId: run.runId });
  }

  async runFinished(tenantId: string, runId: string, status: RecordedRunStatus, outcome: { readonly output?: unknown; readonly error?: string }): Promise<void> {
    await this.db.query(
      `UPDATE workflow_runs SET status = $3, output_summary = $4, error = $5, updated_at = clock_timestamp(), finished_at = CASE WHEN $3 = 'RUNNING' THEN NULL ELSE clock_timestamp() END
       WHERE id = $1 AND tenant_id = $2`,
      [runId, tenantId, status, summarize(outcome.output), outcome.error ?? null],
    );
    this.onChange({ tenantId, runId });
  }

  /** One more attempt of a step (the first creates its row). */
  async stepAttempt(tenantId: string, runId: string, step: { readonly stepId: string; readonly kind: RecordedStepKind; readonly status?: RecordedStepStatus; readonly input?: unknown }): Promise<void> {
    await this.db.query(
      `INSERT INTO workflow_steps (run_id, step_id, kind, status, attempts, input_summary) VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (run_id, step_id) DO UPDATE SET attempts = workflow_steps.attempts + 1, status = EXCLUDED.status, error = NULL, finished_at = NULL`,
      [runId, step.stepId, step.kind, step.status ?? 'RUNNING', summarize(step.input)],
    );
    await this.touch(tenantId, runId);
  }

  async stepFinished(tenantId: string, runId: string, stepId: string, status: RecordedStepStatus, outcome: { readonly output?: unknown; readonly error?: string }): Promise<void> {
    await this.db.query(
      `UPDATE workflow_steps SET status = $3, output_summary = $4, error = $5, finished_at = CASE WHEN $3 IN ('RUNNING', 'RETRYING', 'WAITING') THEN NULL ELSE clock_timestamp() END
       WHERE run_id = $1 AND step_id = $2`,
      [runId, stepId, status, summarize(outcome.output), outcome.error ?? null],
    );
    await this.touch(tenantId, runId);
  }

  /** A run of the tenant with its steps in the order they first ran, or null. */
  async run(tenantId: string, runId: string): Promise<RecordedRun | null> {
    const runs = await this.db.query('SELECT * FROM workflow_runs WHERE id = $1 AND tenant_id = $2', [runId, tenantId]);
    const row = runs.rows[0];
    if (!row) return null;
    const steps = await this.db.query('SELECT * FROM workflow_steps WHERE run_id = $1 ORDER BY seq', [runId]);
    return toRun(row, steps.rows.map(toStep));
  }

  /** The full input a run was started with (for a retry), or undefined for an unknown run. */
  async input(tenantId: string, runId: string): Promise<{ readonly workflow: string; readonly input: unknown } | undefined> {
    const result = await this.db.query('SELECT workflow, input FROM workflow_runs WHERE id = $1 AND tenant_id = $2', [runId, tenantId]);
    const row = result.rows[0];
    return row ? { workflow: String(row.workflow), input: row.input } : undefined;
  }

  /** The tenant's runs, newest first, optionally of one workflow. */
  async runs(tenantId: string, options: { readonly workflow?: string; readonly limit: number }): Promise<RecordedRun[]> {
    const rows = await this.db.query(
      'SELECT * FROM workflow_runs WHERE tenant_id = $1 AND ($2::text IS NULL OR workflow = $2) ORDER BY started_at DESC, id LIMIT $3',
      [tenantId, options.workflow ?? null, options.limit],
    );
    const result: RecordedRun[] = [];
    for (const row of rows.rows) {
      const steps = await this.db.query('SELECT * FROM workflow_steps WHERE run_id = $1 ORDER BY seq', [row.id]);
      result.push(toRun(row, steps.rows.map(toStep)));
    }
    return result;
  }

  private async touch(tenantId: string, runId: string): Promise<void> {
    await this.db.query('UPDATE workflow_runs SET updated_at = clock_timestamp() WHERE id = $1', [runId]);
    this.onChange({ tenantId, runId });
  }
}

type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const date = (value: unknown): Date | null => (value instanceof Date ? value : null);

function toRun(row: Row, steps: RecordedStep[]): RecordedRun {
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

function toStep(row: Row): RecordedStep {
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
  };
}
