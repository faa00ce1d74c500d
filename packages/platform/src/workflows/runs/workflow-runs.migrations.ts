import type { MigrationSet } from '../../db/migrate.js';

/**
 * Workflow runs and their steps as the graph shows them (status, attempts, timings, summaries, errors). DBOS keeps
 * its own checkpoints in its schema; these rows are the product's view, written by the recording wrapper
 * around every workflow. A set of its own (issue 14). Forward-only.
 */
export const workflowRunsMigrationSet: MigrationSet = {
  name: 'workflows',
  migrations: [
    {
      id: '0001_workflow_runs',
      sql: `CREATE TABLE workflow_runs (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        workflow text NOT NULL,
        status text NOT NULL,
        input_summary text NULL,
        output_summary text NULL,
        error text NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz NULL
      );
      CREATE INDEX workflow_runs_by_tenant ON workflow_runs (tenant_id, started_at DESC, id);
      CREATE TABLE workflow_steps (
        run_id text NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
        step_id text NOT NULL,
        -- Order of first attempt, so steps list in the order they ran.
        seq bigserial NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        input_summary text NULL,
        output_summary text NULL,
        error text NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz NULL,
        PRIMARY KEY (run_id, step_id)
      );`,
    },
    {
      id: '0002_tenant_workflows',
      sql: `CREATE TABLE tenant_workflows (
        tenant_id text NOT NULL,
        template text NOT NULL,
        enabled boolean NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, template)
      )`,
    },
    {
      id: '0003_workflow_approvals',
      sql: `CREATE TABLE workflow_approvals (
        run_id text NOT NULL,
        step_id text NOT NULL,
        tenant_id text NOT NULL,
        -- sha256 of the canonical JSON of exactly what is approved; a decision names the hash it saw.
        subject_hash text NOT NULL,
        subject_summary text NULL,
        status text NOT NULL,
        expires_at timestamptz NOT NULL,
        decided_by text NULL,
        decided_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, step_id)
      )`,
    },
    {
      id: '0004_workflow_run_input',
      // The whole input (not only its summary), so retryWorkflowRun can start the run again as it was.
      sql: `ALTER TABLE workflow_runs ADD COLUMN input jsonb NULL`,
    },
    {
      id: '0005_workflow_approval_reason',
      // Why a step was rejected, as the decider gave it (rejectWorkflowStep's reason); null when none was given.
      sql: `ALTER TABLE workflow_approvals ADD COLUMN reason text NULL`,
    },
    {
      id: '0006_workflow_runs_running',
      // The stranded-run sweep pages through RUNNING runs by id without reading the finished ones.
      sql: `CREATE INDEX workflow_runs_running ON workflow_runs (id) WHERE status = 'RUNNING'`,
    },
  ],
};
