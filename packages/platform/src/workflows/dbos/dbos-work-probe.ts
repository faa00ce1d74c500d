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

/** DBOS's status table in `schema`, quoted. */
function statusTable(schema: string): string {
  return `"${schema.replaceAll('"', '""')}".workflow_status`;
}

/**
 * Of `runIds`, those DBOS will still run or resume under `applicationVersion`: unfinished (PENDING, ENQUEUED,
 * DELAYED) and of that version or none. One indexed read, without launching DBOS; no DBOS schema yet means none.
 */
export async function unfinishedRuns(sql: SqlClient, owner: Pick<WorkflowWorkOwner, 'schema' | 'applicationVersion'>, runIds: readonly string[]): Promise<Set<string>> {
  if (!(await tableExists(sql, statusTable(owner.schema)))) return new Set();
  try {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT workflow_uuid AS id FROM ${statusTable(owner.schema)}
       WHERE workflow_uuid = ANY($1::text[]) AND status IN ('PENDING', 'ENQUEUED', 'DELAYED') AND (application_version IS NULL OR application_version = $2)`,
      [[...runIds], owner.applicationVersion],
    );
    return new Set(rows.map((row) => row.id));
  } catch (error) {
    if (isMissingSchema(error)) {
      forgetTable(sql, statusTable(owner.schema));
      return new Set();
    }
    throw error;
  }
}

/**
 * Whether an executor has anything to do: runs it left unfinished (PENDING under its id: they resume when it
 * launches) or runs waiting on its queues (ENQUEUED, or DELAYED until a time). Both are served by DBOS's partial
 * indexes on unfinished runs, so asking every second costs one index probe. No DBOS schema yet means no work.
 */
export async function hasWorkflowWork(sql: SqlClient, owner: WorkflowWorkOwner): Promise<boolean> {
  const table = statusTable(owner.schema);
  // Asked first, so that a database DBOS never ran on answers without an error: the engine asks every 750 ms,
  // and each failed query wrote an ERROR and its statement to the server's log (~70 KB a minute in DATA_DIR).
  if (!(await tableExists(sql, table))) return false;
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
    // Dropped since it was asked (a test resetting its schema).
    if (isMissingSchema(error)) {
      forgetTable(sql, table);
      return false;
    }
    throw error;
  }
}

/** Status tables seen to exist, per client: once DBOS made one it stays, so the 750 ms probe asks once. */
const knownTables = new WeakMap<SqlClient, Set<string>>();

/** Whether `table` (quoted, schema-qualified) exists: asking costs no ERROR line in the server's log. */
async function tableExists(sql: SqlClient, table: string): Promise<boolean> {
  const known = knownTables.get(sql) ?? new Set<string>();
  if (known.has(table)) return true;
  const { rows } = await sql.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  if (rows[0]?.found !== true) return false;
  knownTables.set(sql, known.add(table));
  return true;
}

/** A table dropped since it was seen (a test resetting its schema): the next probe asks again. */
function forgetTable(sql: SqlClient, table: string): void {
  knownTables.get(sql)?.delete(table);
}

/** 42P01 undefined_table, 3F000 invalid_schema_name: DBOS never ran on this database. */
function isMissingSchema(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error.code === '42P01' || error.code === '3F000');
}
