import type { SqlClient } from '@bizosaas/domain';

/** Whose work the probe looks for. */
export interface WorkflowWorkOwner {
  /** DBOS's system schema. */
  readonly schema: string;
  readonly executorId: string;
  readonly applicationVersion: string;
  /** The queues this executor takes runs from. */
  readonly queues: readonly string[];
}

/** Where DBOS re-enqueues the runs it recovers; a run left there by a crash mid-recovery is work too. */
const DBOS_RECOVERY_QUEUE = '_dbos_internal_queue';

/**
 * Whether an executor has anything to do: runs it left unfinished (PENDING under its id: they resume when it
 * launches) or runs waiting on its queues (ENQUEUED, or DELAYED until a time). Both are served by DBOS's partial
 * indexes on unfinished runs, so asking every second costs one index probe. No DBOS schema yet means no work.
 */
export async function hasWorkflowWork(sql: SqlClient, owner: WorkflowWorkOwner): Promise<boolean> {
  const table = `"${owner.schema.replaceAll('"', '""')}".workflow_status`;
  // Asked first, so that a database DBOS never ran on answers without an error: the engine asks every 750 ms,
  // and each failed query wrote an ERROR and its statement to the server's log (~70 KB a minute in DATA_DIR).
  const { rows: present } = await sql.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  if (present[0]?.found !== true) return false;
  try {
    const { rows } = await sql.query<{ work: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM ${table}
         WHERE (status = 'PENDING' AND executor_id = $1 AND application_version = $2)
            OR (status IN ('ENQUEUED', 'DELAYED') AND queue_name = ANY($3::text[]) AND (application_version IS NULL OR application_version = $2))
       ) AS work`,
      [owner.executorId, owner.applicationVersion, [...owner.queues, DBOS_RECOVERY_QUEUE]],
    );
    return rows[0]?.work === true;
  } catch (error) {
    // 42P01 undefined_table, 3F000 invalid_schema_name: dropped since (a test resetting its schema).
    if (typeof error === 'object' && error !== null && 'code' in error && (error.code === '42P01' || error.code === '3F000')) return false;
    throw error;
  }
}
