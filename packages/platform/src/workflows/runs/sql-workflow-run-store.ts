import { createEvent, WorkflowEventTypes, type Page, type SqlClient, type WorkflowApprovalInfo, type WorkflowRunUpdatedPayload } from '@bizosaas/domain';
import { insertEvents } from '../../outbox/sql-outbox.js';
import { decodeRunCursor, encodeRunCursor, toRun, toStep } from './workflow-run-rows.js';

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
  readonly approval: RecordedApproval | null;
}

/** The approval of an APPROVAL step, as the graph shows it (the domain's type). */
export type RecordedApproval = WorkflowApprovalInfo;

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

/** A RUNNING run the stranded-run sweep looks at. */
export interface StaleRun {
  readonly runId: string;
  readonly tenantId: string;
  readonly workflow: string;
}

/** Told after every recorded change of a run. */
export type RunChanged = (change: { readonly tenantId: string; readonly runId: string }) => void;

/** Publishing run transitions: each is written to the outbox in the change's transaction, then `wake` hurries the relay. */
export interface RunTransitionEvents {
  wake(): void;
}

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
    private readonly events?: RunTransitionEvents,
  ) {}

  async runStarted(run: { readonly runId: string; readonly tenantId: string; readonly workflow: string; readonly input: unknown }): Promise<void> {
    await this.unit(run.tenantId, run.runId, async (sql) => {
      const inserted = await sql.query(
        `INSERT INTO workflow_runs (id, tenant_id, workflow, status, input_summary, input) VALUES ($1, $2, $3, 'RUNNING', $4, $5) ON CONFLICT (id) DO NOTHING`,
        [run.runId, run.tenantId, run.workflow, summarize(run.input), JSON.stringify(run.input ?? null)],
      );
      return inserted.rowCount > 0 ? { runId: run.runId, workflow: run.workflow, kind: 'run', status: 'RUNNING' } : null;
    });
  }

  async runFinished(tenantId: string, runId: string, status: RecordedRunStatus, outcome: { readonly output?: unknown; readonly error?: string }): Promise<void> {
    await this.unit(tenantId, runId, async (sql) => {
      const updated = await sql.query(
        `WITH old AS (SELECT status FROM workflow_runs WHERE id = $1 AND tenant_id = $2 FOR UPDATE)
         UPDATE workflow_runs r SET status = $3, output_summary = $4, error = $5, updated_at = clock_timestamp(), finished_at = CASE WHEN $3 = 'RUNNING' THEN NULL ELSE clock_timestamp() END
         FROM old WHERE r.id = $1 AND r.tenant_id = $2 RETURNING r.workflow, old.status AS previous`,
        [runId, tenantId, status, summarize(outcome.output), outcome.error ?? null],
      );
      const row = updated.rows[0];
      // A run recorded twice with the same status (cancel by hand, then by the run itself) is one transition.
      if (!row || row.previous === status) return null;
      return { runId, workflow: String(row.workflow), kind: 'run', status, error: outcome.error ?? null };
    });
  }

  /**
   * Runs still RUNNING whose record has not changed for `staleForMs`, by id, `limit` at a time after the run id
   * `after`: the candidates of the stranded-run sweep.
   */
  async staleRunning(staleForMs: number, limit: number, after = ''): Promise<StaleRun[]> {
    const result = await this.db.query(
      `SELECT id, tenant_id, workflow FROM workflow_runs
       WHERE status = 'RUNNING' AND id > $3 AND updated_at < clock_timestamp() - make_interval(secs => $1::float8 / 1000)
       ORDER BY id LIMIT $2`,
      [staleForMs, limit, after],
    );
    return result.rows.map((row) => ({ runId: String(row.id), tenantId: String(row.tenant_id), workflow: String(row.workflow) }));
  }

  /**
   * Settles a run its engine will never finish (the stranded-run sweep), only while it is still RUNNING: a run
   * that recorded its own end meanwhile keeps it. Its unfinished steps end FAILED and its waiting approvals
   * CANCELLED with it, in one unit with the run's transition event. Answers whether it settled the run.
   */
  async settleStranded(tenantId: string, runId: string, status: Exclude<RecordedRunStatus, 'RUNNING'>, outcome: { readonly output?: unknown; readonly error?: string }): Promise<boolean> {
    let settled = false;
    await this.unit(tenantId, runId, async (sql) => {
      const updated = await sql.query(
        `UPDATE workflow_runs SET status = $3, output_summary = $4, error = $5, updated_at = clock_timestamp(), finished_at = clock_timestamp()
         WHERE id = $1 AND tenant_id = $2 AND status = 'RUNNING' RETURNING workflow`,
        [runId, tenantId, status, summarize(outcome.output), outcome.error ?? null],
      );
      const row = updated.rows[0];
      if (!row) return null;
      settled = true;
      await sql.query(
        `UPDATE workflow_steps SET status = 'FAILED', error = $2, finished_at = clock_timestamp() WHERE run_id = $1 AND status IN ('RUNNING', 'RETRYING', 'WAITING')`,
        [runId, `the run ended before this step did (${outcome.error ?? status})`],
      );
      await sql.query(`UPDATE workflow_approvals SET status = 'CANCELLED' WHERE tenant_id = $1 AND run_id = $2 AND status = 'WAITING'`, [tenantId, runId]);
      return { runId, workflow: String(row.workflow), kind: 'run', status, error: outcome.error ?? null };
    });
    return settled;
  }

  /** One more attempt of a step (the first creates its row). */
  async stepAttempt(tenantId: string, runId: string, step: { readonly stepId: string; readonly kind: RecordedStepKind; readonly status?: RecordedStepStatus; readonly input?: unknown }): Promise<void> {
    await this.unit(tenantId, runId, async (sql) => {
      const upserted = await sql.query(
        `INSERT INTO workflow_steps (run_id, step_id, kind, status, attempts, input_summary) VALUES ($1, $2, $3, $4, 1, $5)
         ON CONFLICT (run_id, step_id) DO UPDATE SET attempts = workflow_steps.attempts + 1, status = EXCLUDED.status, error = NULL, finished_at = NULL
         RETURNING attempts`,
        [runId, step.stepId, step.kind, step.status ?? 'RUNNING', summarize(step.input)],
      );
      const workflow = await this.touch(sql, runId);
      return { runId, workflow, kind: 'step', status: step.status ?? 'RUNNING', stepId: step.stepId, stepKind: step.kind, attempts: Number(upserted.rows[0]?.attempts ?? 1), error: null };
    });
  }

  async stepFinished(tenantId: string, runId: string, stepId: string, status: RecordedStepStatus, outcome: { readonly output?: unknown; readonly error?: string }): Promise<void> {
    await this.unit(tenantId, runId, async (sql) => {
      const updated = await sql.query(
        `WITH old AS (SELECT status FROM workflow_steps WHERE run_id = $1 AND step_id = $2 FOR UPDATE)
         UPDATE workflow_steps s SET status = $3, output_summary = $4, error = $5, finished_at = CASE WHEN $3 IN ('RUNNING', 'RETRYING', 'WAITING') THEN NULL ELSE clock_timestamp() END
         FROM old WHERE s.run_id = $1 AND s.step_id = $2 RETURNING s.kind, s.attempts, old.status AS previous`,
        [runId, stepId, status, summarize(outcome.output), outcome.error ?? null],
      );
      const workflow = await this.touch(sql, runId);
      const row = updated.rows[0];
      // A failure recorded by the attempt and again by the run's handler is one transition.
      if (!row || row.previous === status) return null;
      return { runId, workflow, kind: 'step', status, stepId, stepKind: String(row.kind), attempts: Number(row.attempts), error: outcome.error ?? null };
    });
  }

  /** A run of the tenant with its steps in the order they first ran, or null. */
  async run(tenantId: string, runId: string): Promise<RecordedRun | null> {
    const runs = await this.db.query('SELECT * FROM workflow_runs WHERE id = $1 AND tenant_id = $2', [runId, tenantId]);
    const row = runs.rows[0];
    return row ? toRun(row, await this.steps(runId)) : null;
  }

  /** The full input a run was started with (for a retry), or undefined for an unknown run. */
  async input(tenantId: string, runId: string): Promise<{ readonly workflow: string; readonly input: unknown } | undefined> {
    const result = await this.db.query('SELECT workflow, input FROM workflow_runs WHERE id = $1 AND tenant_id = $2', [runId, tenantId]);
    const row = result.rows[0];
    return row ? { workflow: String(row.workflow), input: row.input } : undefined;
  }

  /** The tenant's runs, newest first, optionally of one workflow; `after` is a cursor of an earlier page. */
  async runs(tenantId: string, options: { readonly workflow?: string; readonly first: number; readonly after?: string | null }): Promise<Page<RecordedRun>> {
    const after = options.after ? decodeRunCursor(options.after) : null;
    const rows = await this.db.query(
      `SELECT *, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_key FROM workflow_runs
       WHERE tenant_id = $1 AND ($2::text IS NULL OR workflow = $2)
         AND ($4::timestamptz IS NULL OR started_at < $4::timestamptz OR (started_at = $4::timestamptz AND id > $5))
       ORDER BY started_at DESC, id LIMIT $3`,
      [tenantId, options.workflow ?? null, options.first + 1, after?.startedAt ?? null, after?.runId ?? ''],
    );
    const items: { node: RecordedRun; cursor: string }[] = [];
    for (const row of rows.rows.slice(0, options.first)) {
      items.push({ node: toRun(row, await this.steps(String(row.id))), cursor: encodeRunCursor(String(row.started_key), String(row.id)) });
    }
    return { items, endCursor: items.at(-1)?.cursor ?? null, hasNextPage: rows.rows.length > options.first, totalCount: null };
  }

  private async steps(runId: string): Promise<RecordedStep[]> {
    const steps = await this.db.query(
      `SELECT s.*, a.subject_hash AS a_subject_hash, a.subject_summary AS a_subject_summary, a.status AS a_status, a.expires_at AS a_expires_at,
              a.decided_by AS a_decided_by, a.decided_at AS a_decided_at, a.reason AS a_reason
       FROM workflow_steps s LEFT JOIN workflow_approvals a ON a.run_id = s.run_id AND a.step_id = s.step_id AND s.kind = 'APPROVAL'
       WHERE s.run_id = $1 ORDER BY s.seq`,
      [runId],
    );
    return steps.rows.map(toStep);
  }

  /** Bumps the run's updated_at; answers its workflow name. */
  private async touch(sql: SqlClient, runId: string): Promise<string> {
    const touched = await sql.query('UPDATE workflow_runs SET updated_at = clock_timestamp() WHERE id = $1 RETURNING workflow', [runId]);
    return String(touched.rows[0]?.workflow ?? '');
  }

  /**
   * One recorded change: with events on, the change and its transition event (if it is one) commit together,
   * so the `workflowRunUpdated` feed has every transition, in the order recorded, and nothing that rolled back.
   */
  private async unit(tenantId: string, runId: string, change: (sql: SqlClient) => Promise<WorkflowRunUpdatedPayload | null>): Promise<void> {
    const events = this.events;
    if (!events) {
      await change(this.db);
    } else {
      const recorded = await this.db.transaction(async (tx) => {
        const transition = await change(tx);
        if (transition) await insertEvents(tx, [createEvent(WorkflowEventTypes.RunUpdated, transition, { tenantId, source: 'workflows' })]);
        return transition !== null;
      });
      if (recorded) events.wake();
    }
    this.onChange({ tenantId, runId });
  }
}
