import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { TEST_DATABASE_URL } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { awaitApproval, subjectHash, WorkflowApprovals } from './approvals.js';
import { InProcessWorkflowEngine } from './in-process-workflow-engine.js';
import { recordedWorkflow } from './recorded-workflow.js';
import { workflowRunsMigrationSet } from './runs/workflow-runs.migrations.js';
import { SqlWorkflowRunStore } from './runs/sql-workflow-run-store.js';

const schema = `wfappr_${randomBytes(6).toString('hex')}`;
let db: Database;
let engine: InProcessWorkflowEngine;
let store: SqlWorkflowRunStore;
let approvals: WorkflowApprovals;
const escalated: string[] = [];
const draft = { contentId: 'c_1', title: 'How Acme won', body: 'draft body' };

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL, schema });
  await migrate(db, [workflowRunsMigrationSet]);
  engine = new InProcessWorkflowEngine();
  store = new SqlWorkflowRunStore(db);
  approvals = new WorkflowApprovals(db, engine);
  engine.register(
    recordedWorkflow<{ timeoutMs: number }, unknown>(
      { name: 'approve-draft', run: async (run, input) => awaitApproval(run, { db, store }, 'approve', { subject: draft, timeoutMs: input.timeoutMs, escalateAfterMs: input.timeoutMs / 2, escalate: async (key) => void escalated.push(key) }) },
      { store, cancelled: async (runId) => (await engine.state(runId))?.status === 'CANCELLED' },
    ),
  );
});
afterAll(async () => {
  await db.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
});

async function waitingRun(runId: string, timeoutMs: number): Promise<void> {
  await engine.start('approve-draft', { runId, tenantId: 'ten_a', input: { timeoutMs } });
  for (let i = 0; i < 100 && (await store.run('ten_a', runId))?.steps[0]?.status !== 'WAITING'; i += 1) await new Promise((r) => setTimeout(r, 20));
}

describe('approval steps', () => {
  it('wakes the run with the decision and records who approved; a second decision is refused', async () => {
    await waitingRun('appr-ok', 60_000);
    const step = (await store.run('ten_a', 'appr-ok'))?.steps[0];
    expect(step).toMatchObject({ stepId: 'approve', kind: 'APPROVAL', status: 'WAITING' });
    expect(step?.inputSummary).toContain(subjectHash(draft));
    await expect(approvals.decide('ten_a', { runId: 'appr-ok', stepId: 'approve', subjectHash: subjectHash(draft), approved: true, decidedBy: 'user_ann' })).resolves.toEqual({ status: 'APPROVED' });
    expect(await engine.awaitRun('appr-ok', 5_000)).toMatchObject({ status: 'SUCCESS', output: { status: 'APPROVED', decidedBy: 'user_ann' } });
    expect((await store.run('ten_a', 'appr-ok'))?.steps[0]).toMatchObject({ status: 'APPROVED', outputSummary: '{"decidedBy":"user_ann"}' });
    await expect(approvals.decide('ten_a', { runId: 'appr-ok', stepId: 'approve', subjectHash: subjectHash(draft), approved: false, decidedBy: 'user_bob' })).rejects.toMatchObject({ code: 'WORKFLOW.APPROVAL_ALREADY_DECIDED' });
  });

  it("records a rejection's reason with the decision and hands it to the run; an approval keeps none", async () => {
    await waitingRun('appr-no', 60_000);
    await expect(approvals.decide('ten_a', { runId: 'appr-no', stepId: 'approve', subjectHash: subjectHash(draft), approved: false, decidedBy: 'user_ann', reason: 'Wrong customer.' })).resolves.toEqual({ status: 'REJECTED' });
    expect(await engine.awaitRun('appr-no', 5_000)).toMatchObject({ status: 'SUCCESS', output: { status: 'REJECTED', decidedBy: 'user_ann', reason: 'Wrong customer.' } });
    expect((await store.run('ten_a', 'appr-no'))?.steps[0]).toMatchObject({ status: 'REJECTED', approval: { status: 'REJECTED', decidedBy: 'user_ann', reason: 'Wrong customer.' } });

    await waitingRun('appr-yes', 60_000);
    await approvals.decide('ten_a', { runId: 'appr-yes', stepId: 'approve', subjectHash: subjectHash(draft), approved: true, decidedBy: 'user_ann', reason: 'ignored' });
    await engine.awaitRun('appr-yes', 5_000);
    expect((await store.run('ten_a', 'appr-yes'))?.steps[0]?.approval).toMatchObject({ status: 'APPROVED', reason: null });
  });

  it('refuses a decision on a changed subject, from another tenant, and after the run was cancelled', async () => {
    await waitingRun('appr-changed', 60_000);
    const changed = subjectHash({ ...draft, body: 'edited after review' });
    await expect(approvals.decide('ten_a', { runId: 'appr-changed', stepId: 'approve', subjectHash: changed, approved: true, decidedBy: 'user_ann' })).rejects.toMatchObject({ code: 'WORKFLOW.APPROVAL_CHANGED', message: expect.stringContaining('subjectHash') });
    await expect(approvals.decide('ten_b', { runId: 'appr-changed', stepId: 'approve', subjectHash: subjectHash(draft), approved: true, decidedBy: 'user_eve' })).rejects.toMatchObject({ kind: 'not_found' });
    await approvals.cancelRun('ten_a', 'appr-changed');
    await engine.cancel('appr-changed');
    await expect(approvals.decide('ten_a', { runId: 'appr-changed', stepId: 'approve', subjectHash: subjectHash(draft), approved: true, decidedBy: 'user_ann' })).rejects.toMatchObject({ code: 'WORKFLOW.APPROVAL_CANCELLED' });
  });

  it('escalates once half way, expires at the timeout, and refuses approving afterwards', async () => {
    await waitingRun('appr-late', 400);
    expect(await engine.awaitRun('appr-late', 5_000)).toMatchObject({ status: 'SUCCESS', output: { status: 'EXPIRED' } });
    expect(escalated).toEqual(['appr-late:approve:escalate']);
    expect((await store.run('ten_a', 'appr-late'))?.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['approve', 'EXPIRED'],
      ['approve:escalate', 'SUCCEEDED'],
    ]);
    await expect(approvals.decide('ten_a', { runId: 'appr-late', stepId: 'approve', subjectHash: subjectHash(draft), approved: true, decidedBy: 'user_ann' })).rejects.toMatchObject({ code: 'WORKFLOW.APPROVAL_EXPIRED', message: expect.stringContaining('expired at') });
  });
});
