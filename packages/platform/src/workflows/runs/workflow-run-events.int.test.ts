import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TEST_DATABASE_URL } from '../../db/database.test-support.js';
import { migrate } from '../../db/migrate.js';
import { platformMigrationSet } from '../../db/platform.migrations.js';
import { decodeEnvelope } from '../../events/redis-stream-codec.js';
import { workflowRunsMigrationSet } from './workflow-runs.migrations.js';
import { SqlWorkflowRunStore } from './sql-workflow-run-store.js';

const schema = `wfevt_${randomBytes(6).toString('hex')}`;
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL, schema });
  await migrate(db, [platformMigrationSet, workflowRunsMigrationSet]);
});
afterAll(async () => {
  await db.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
});

async function outboxOf(runId: string) {
  const rows = await db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox ORDER BY seq`);
  return rows.rows.map((row) => decodeEnvelope(row.envelope)).filter((event) => (event.payload as { runId: string }).runId === runId);
}

describe('workflow run transitions in the outbox', () => {
  it('writes one workflows.run.updated.v1 event per transition, in order, with the change; a repeated status is no transition', async () => {
    let wakes = 0;
    const store = new SqlWorkflowRunStore(db, undefined, { wake: () => (wakes += 1) });
    await store.runStarted({ runId: 'r1', tenantId: 'ten_a', workflow: 'wf', input: {} });
    await store.runStarted({ runId: 'r1', tenantId: 'ten_a', workflow: 'wf', input: {} });
    await store.stepAttempt('ten_a', 'r1', { stepId: 'a', kind: 'ACTION' });
    await store.stepFinished('ten_a', 'r1', 'a', 'RETRYING', { error: 'flaky' });
    await store.stepAttempt('ten_a', 'r1', { stepId: 'a', kind: 'ACTION' });
    await store.stepFinished('ten_a', 'r1', 'a', 'FAILED', { error: 'gone' });
    await store.stepFinished('ten_a', 'r1', 'a', 'FAILED', { error: 'gone' });
    await store.runFinished('ten_a', 'r1', 'CANCELLED', { error: 'cancelled' });
    await store.runFinished('ten_a', 'r1', 'CANCELLED', { error: 'cancelled' });
    // Another tenant's change of the run is no change.
    await store.runFinished('ten_b', 'r1', 'FAILED', { error: 'not theirs' });

    const events = await outboxOf('r1');
    expect(events.every((e) => e.type === 'workflows.run.updated.v1' && e.tenantId === 'ten_a' && e.source === 'workflows')).toBe(true);
    expect(events.map((e) => e.payload)).toEqual([
      { runId: 'r1', workflow: 'wf', kind: 'run', status: 'RUNNING' },
      { runId: 'r1', workflow: 'wf', kind: 'step', status: 'RUNNING', stepId: 'a', stepKind: 'ACTION', attempts: 1, error: null },
      { runId: 'r1', workflow: 'wf', kind: 'step', status: 'RETRYING', stepId: 'a', stepKind: 'ACTION', attempts: 1, error: 'flaky' },
      { runId: 'r1', workflow: 'wf', kind: 'step', status: 'RUNNING', stepId: 'a', stepKind: 'ACTION', attempts: 2, error: null },
      { runId: 'r1', workflow: 'wf', kind: 'step', status: 'FAILED', stepId: 'a', stepKind: 'ACTION', attempts: 2, error: 'gone' },
      { runId: 'r1', workflow: 'wf', kind: 'run', status: 'CANCELLED', error: 'cancelled' },
    ]);
    expect(wakes).toBe(6);
    expect(await store.run('ten_a', 'r1')).toMatchObject({ status: 'CANCELLED', steps: [{ stepId: 'a', status: 'FAILED', attempts: 2 }] });
  });

  it('writes nothing to the outbox without events, and pages runs newest first by cursor', async () => {
    const store = new SqlWorkflowRunStore(db);
    for (const id of ['p1', 'p2', 'p3']) await store.runStarted({ runId: id, tenantId: 'ten_p', workflow: id === 'p2' ? 'other' : 'wf', input: {} });
    expect(await outboxOf('p1')).toEqual([]);
    const first = await store.runs('ten_p', { first: 2 });
    expect(first.items.map((i) => i.node.runId)).toEqual(['p3', 'p2']);
    expect(first.hasNextPage).toBe(true);
    const second = await store.runs('ten_p', { first: 2, after: first.endCursor });
    expect(second.items.map((i) => i.node.runId)).toEqual(['p1']);
    expect(second.hasNextPage).toBe(false);
    expect((await store.runs('ten_p', { first: 5, workflow: 'wf' })).items.map((i) => i.node.runId)).toEqual(['p3', 'p1']);
    await expect(store.runs('ten_p', { first: 2, after: 'x' })).rejects.toMatchObject({ violations: [{ field: 'after' }] });
  });
});
