import type { WorkflowDefinition } from '@bizosaas/domain';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TEST_DATABASE_URL } from '../../db/database.test-support.js';
import { migrate } from '../../db/migrate.js';
import { platformMigrationSet } from '../../db/platform.migrations.js';
import { decodeEnvelope } from '../../events/redis-stream-codec.js';
import { createLogger } from '../../logging/logger.js';
import { DbosWorkflowEngine, WORKFLOW_CODE_VERSION } from '../dbos/dbos-workflow-engine.js';
import { loadDbos } from '../dbos/dbos-sdk.js';
import { recordedWorkflow } from '../recorded-workflow.js';
import { SqlWorkflowRunStore } from './sql-workflow-run-store.js';
import { STRANDED_RUN_CODES, sweepStrandedRuns } from './stranded-runs.sweep.js';
import { workflowRunsMigrationSet } from './workflow-runs.migrations.js';

const schema = `wfsweep_${randomBytes(6).toString('hex')}`;
const dbosSchema = `${schema}_dbos`;
const QUEUE = 'workflows';
let db: Database;
let store: SqlWorkflowRunStore;
let engine: DbosWorkflowEngine;

/** The run store failing the way it does while PostgreSQL is away, but only when a run's end is recorded. */
class StoreDownAtTheEnd extends SqlWorkflowRunStore {
  override async runFinished(): Promise<void> {
    throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }
}

/** A run that waits (its engine will finish it later). */
const waiting: WorkflowDefinition<unknown, unknown> = { name: 'sweep.waiting', run: (ctx) => ctx.recv('go', 120_000) };

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL, schema });
  await migrate(db, [platformMigrationSet, workflowRunsMigrationSet]);
  store = new SqlWorkflowRunStore(db, undefined, { wake: () => undefined });
  const storeDown = new StoreDownAtTheEnd(db, undefined, { wake: () => undefined });
  engine = new DbosWorkflowEngine({ systemDatabaseUrl: TEST_DATABASE_URL, schema: dbosSchema, execute: true, queues: [{ name: QUEUE, workerConcurrency: 8 }], logger: createLogger({ level: 'silent' }) });
  engine.register(
    recordedWorkflow(
      {
        name: 'sweep.fails-while-store-down',
        run: async (run) => run.step('send', async () => {
          throw new Error('the provider refused');
        }),
      },
      { store: storeDown, cancelled: async () => false },
    ),
  );
  engine.register(recordedWorkflow({ name: 'sweep.recorded-waiting', run: (run) => run.context.recv('go', 120_000) }, { store, cancelled: async () => false }));
  engine.register(waiting);
  await engine.launch();
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await db?.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${dbosSchema} CASCADE`).finally(() => admin.end());
}, 30_000);

/** The workflows.run.updated.v1 payloads the outbox holds for a run, in order. */
async function transitionsOf(runId: string): Promise<unknown[]> {
  const rows = await db.query<{ envelope: string }>('SELECT envelope FROM event_outbox ORDER BY seq');
  return rows.rows.map((row) => decodeEnvelope(row.envelope)).filter((event) => event.type === 'workflows.run.updated.v1' && (event.payload as { runId?: string }).runId === runId).map((event) => event.payload);
}

/** Enqueues a run as a worker of another code version would have, where no executor here takes it. */
async function enqueueUnderVersion(runId: string, appVersion: string): Promise<void> {
  const { DBOSClient } = await loadDbos();
  const client = await DBOSClient.create({ systemDatabaseUrl: TEST_DATABASE_URL, systemDatabaseSchemaName: dbosSchema });
  try {
    await client.enqueue({ queueName: QUEUE, workflowName: waiting.name, workflowID: runId, appVersion }, { tenantId: 'ten_a', input: {} });
  } finally {
    await client.destroy();
  }
}

describe('the stranded-run sweep on the DBOS engine', () => {
  it('settles RUNNING records the engine will never finish, each once, with a reason code and a transition event, and leaves live runs', async () => {
    // 1. The run failed while the run store was down: DBOS says ERROR, the record still says RUNNING.
    await engine.start('sweep.fails-while-store-down', { runId: 'r-store-down', tenantId: 'ten_a', input: {} });
    expect(await engine.awaitRun('r-store-down', 20_000)).toMatchObject({ status: 'ERROR', error: expect.stringContaining('ECONNREFUSED') });
    // 2. A live run, waiting for a message: it must stay RUNNING.
    await engine.start('sweep.recorded-waiting', { runId: 'r-live', tenantId: 'ten_a', input: {} });
    // 3. Started under the former code version: no executor of this deployment will ever take it.
    expect(WORKFLOW_CODE_VERSION).not.toBe('bizosaas-workflows-0');
    await enqueueUnderVersion('r-old-code', 'bizosaas-workflows-0');
    await store.runStarted({ runId: 'r-old-code', tenantId: 'ten_b', workflow: waiting.name, input: {} });
    // 4. DBOS gave up recovering it (it crashed its executor too often).
    await enqueueUnderVersion('r-exhausted', 'bizosaas-workflows-0');
    await db.query(`UPDATE "${dbosSchema}".workflow_status SET status = 'MAX_RECOVERY_ATTEMPTS_EXCEEDED', recovery_attempts = 101 WHERE workflow_uuid = $1`, ['r-exhausted']);
    await store.runStarted({ runId: 'r-exhausted', tenantId: 'ten_a', workflow: waiting.name, input: {} });
    // 5. Cancelled in the engine, but the record of the cancellation was lost.
    await engine.start(waiting.name, { runId: 'r-cancelled', tenantId: 'ten_a', input: {} });
    await store.runStarted({ runId: 'r-cancelled', tenantId: 'ten_a', workflow: waiting.name, input: {} });
    await engine.cancel('r-cancelled');
    expect(await engine.awaitRun('r-cancelled', 20_000)).toMatchObject({ status: 'CANCELLED' });
    // 6. Unknown to the engine (its state was lost), with a step waiting on an approval.
    await store.runStarted({ runId: 'r-missing', tenantId: 'ten_a', workflow: 'sweep.gone', input: {} });
    await store.stepAttempt('ten_a', 'r-missing', { stepId: 'approve', kind: 'APPROVAL', status: 'WAITING' });
    await db.query(`INSERT INTO workflow_approvals (run_id, step_id, tenant_id, subject_hash, status, expires_at) VALUES ('r-missing', 'approve', 'ten_a', 'h', 'WAITING', now() + interval '1 day')`);
    await expect.poll(async () => (await store.run('ten_a', 'r-live'))?.status, { timeout: 20_000 }).toBe('RUNNING');

    // Records changed within the staleness window are not looked at.
    expect(await sweepStrandedRuns({ store, engine, staleAfterMs: 60_000 })).toEqual([]);

    const settled = await sweepStrandedRuns({ store, engine, staleAfterMs: 0, batchSize: 2 });
    expect(Object.fromEntries(settled.map((run) => [run.runId, [run.status, run.error?.split(':')[0]]]))).toEqual({
      'r-store-down': ['FAILED', STRANDED_RUN_CODES.endNotRecorded],
      'r-old-code': ['FAILED', STRANDED_RUN_CODES.codeRetired],
      'r-exhausted': ['FAILED', STRANDED_RUN_CODES.recoveryExhausted],
      'r-cancelled': ['CANCELLED', 'cancelled'],
      'r-missing': ['FAILED', STRANDED_RUN_CODES.missing],
    });

    expect(await store.run('ten_a', 'r-live')).toMatchObject({ status: 'RUNNING', finishedAt: null });
    expect(await store.run('ten_a', 'r-store-down')).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^WORKFLOW\.RUN_END_NOT_RECORDED: .*ECONNREFUSED/), finishedAt: expect.any(Date) });
    expect((await store.run('ten_b', 'r-old-code'))?.error).toMatch(/^WORKFLOW\.RUN_CODE_RETIRED: the run was started under workflow code bizosaas-workflows-0; this deployment runs bizosaas-workflows-\d+/);
    expect((await store.run('ten_a', 'r-exhausted'))?.error).toContain('after 101 attempts');
    const missing = await store.run('ten_a', 'r-missing');
    expect(missing?.steps).toMatchObject([{ stepId: 'approve', status: 'FAILED', finishedAt: expect.any(Date) }]);
    expect(missing?.steps[0]?.approval?.status).toBe('CANCELLED');

    expect(await transitionsOf('r-old-code')).toEqual([
      { runId: 'r-old-code', workflow: waiting.name, kind: 'run', status: 'RUNNING' },
      { runId: 'r-old-code', workflow: waiting.name, kind: 'run', status: 'FAILED', error: expect.stringMatching(/^WORKFLOW\.RUN_CODE_RETIRED: /) },
    ]);
    expect((await transitionsOf('r-cancelled')).at(-1)).toEqual({ runId: 'r-cancelled', workflow: waiting.name, kind: 'run', status: 'CANCELLED', error: 'cancelled' });

    // A second pass (another worker, the next tick) finds nothing more to settle and records nothing.
    expect(await sweepStrandedRuns({ store, engine, staleAfterMs: 0 })).toEqual([]);
    expect(await transitionsOf('r-old-code')).toHaveLength(2);
  }, 60_000);

  it('never overwrites an end the run recorded itself after the sweep read it', async () => {
    await store.runStarted({ runId: 'r-raced', tenantId: 'ten_a', workflow: 'sweep.gone', input: {} });
    await store.runFinished('ten_a', 'r-raced', 'SUCCEEDED', { output: 'done' });
    expect(await store.settleStranded('ten_a', 'r-raced', 'FAILED', { error: 'late' })).toBe(false);
    expect(await store.run('ten_a', 'r-raced')).toMatchObject({ status: 'SUCCEEDED', error: null });
  });
});
