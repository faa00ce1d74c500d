import { randomBytes } from 'node:crypto';
import { WorkflowInterruptedError, type WorkflowContext } from '@bizosaas/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { TEST_DATABASE_URL } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { InProcessWorkflowEngine } from './in-process-workflow-engine.js';
import { recordedWorkflow, type RecordedWorkflowDefinition } from './recorded-workflow.js';
import { workflowRunsMigrationSet } from './runs/workflow-runs.migrations.js';
import { SqlWorkflowRunStore } from './runs/sql-workflow-run-store.js';

const schema = `wfrec_${randomBytes(6).toString('hex')}`;
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL, schema });
  await migrate(db, [workflowRunsMigrationSet]);
});
afterAll(async () => {
  await db.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
});

function setup(definition: RecordedWorkflowDefinition<unknown, unknown>) {
  const engine = new InProcessWorkflowEngine(async () => undefined);
  const changes: string[] = [];
  const store = new SqlWorkflowRunStore(db, (change) => changes.push(change.runId));
  engine.register(recordedWorkflow(definition, { store, cancelled: async (runId) => (await engine.state(runId))?.status === 'CANCELLED' }));
  return { engine, store, changes };
}

describe('recordedWorkflow', () => {
  it('records the run and every step with attempts, summaries and the final status', async () => {
    let tries = 0;
    const { engine, store, changes } = setup({
      name: 'rec.ok',
      run: async (run) => {
        const a = await run.step('first', async (key) => ({ key }), { input: { n: 1 } });
        await run.step('second', async () => { tries += 1; if (tries < 2) throw new Error('flaky'); return 'done'; }, { maxAttempts: 2 });
        return a.key;
      },
    });
    await engine.start('rec.ok', { runId: 'run-ok', tenantId: 'ten_a', input: { hello: 'world' } });
    expect(await engine.awaitRun('run-ok', 5_000)).toMatchObject({ status: 'SUCCESS', output: 'run-ok:first' });
    const run = await store.run('ten_a', 'run-ok');
    expect(run).toMatchObject({ status: 'SUCCEEDED', workflow: 'rec.ok', inputSummary: '{"hello":"world"}', outputSummary: '"run-ok:first"' });
    expect(run?.steps.map((s) => [s.stepId, s.status, s.attempts, s.inputSummary])).toEqual([
      ['first', 'SUCCEEDED', 1, '{"n":1}'],
      ['second', 'SUCCEEDED', 2, null],
    ]);
    expect(run?.steps.every((s) => s.finishedAt !== null && s.finishedAt >= s.startedAt)).toBe(true);
    expect(await store.run('ten_other', 'run-ok')).toBeNull();
    expect(changes.length).toBeGreaterThan(3);
  });

  it('undoes the completed steps in reverse order when a step fails for good, each undo recorded', async () => {
    const undone: string[] = [];
    const { engine, store } = setup({
      name: 'rec.saga',
      run: async (run) => {
        await run.step('invoice', async () => 'inv_1', { compensate: async (id) => void undone.push(`void ${id}`) });
        await run.step('audience', async () => 'member_1', { compensate: async (id) => void undone.push(`remove ${id}`) });
        await run.step('no-undo', async () => 'x');
        await run.step('sms', async () => { throw new Error('provider refused for good'); }, { maxAttempts: 2 });
      },
    });
    await engine.start('rec.saga', { runId: 'run-saga', tenantId: 'ten_a', input: {} });
    expect(await engine.awaitRun('run-saga', 5_000)).toMatchObject({ status: 'ERROR', error: 'provider refused for good' });
    expect(undone).toEqual(['remove member_1', 'void inv_1']);
    const run = await store.run('ten_a', 'run-saga');
    expect(run).toMatchObject({ status: 'COMPENSATED', error: 'provider refused for good' });
    expect(run?.steps.map((s) => [s.stepId, s.kind, s.status, s.attempts])).toEqual([
      ['invoice', 'ACTION', 'SUCCEEDED', 1],
      ['audience', 'ACTION', 'SUCCEEDED', 1],
      ['no-undo', 'ACTION', 'SUCCEEDED', 1],
      ['sms', 'ACTION', 'FAILED', 2],
      ['undo:audience', 'COMPENSATION', 'SUCCEEDED', 1],
      ['undo:invoice', 'COMPENSATION', 'SUCCEEDED', 1],
    ]);
  });

  it('records a failed run without compensation as FAILED', async () => {
    const { engine, store } = setup({ name: 'rec.fail', run: async (run) => run.step('only', async () => { throw new Error('nope'); }) });
    await engine.start('rec.fail', { runId: 'run-fail', tenantId: 'ten_a', input: {} });
    await engine.awaitRun('run-fail', 5_000);
    expect(await store.run('ten_a', 'run-fail')).toMatchObject({ status: 'FAILED', error: 'nope', steps: [{ stepId: 'only', status: 'FAILED', error: 'nope' }] });
  });

  it('ends a run whose code throws between steps FAILED or COMPENSATED, even when its cancellation cannot be read', async () => {
    const undone: string[] = [];
    const engine = new InProcessWorkflowEngine(async () => undefined);
    const store = new SqlWorkflowRunStore(db, () => undefined);
    const definition: RecordedWorkflowDefinition<unknown, unknown> = {
      name: 'rec.bug',
      run: async (run) => {
        const invoice = await run.step('invoice', async () => ({ id: 'inv_9' }), { compensate: async (made) => void undone.push(made.id) });
        const missing = (invoice as unknown as { customer?: { email: string } }).customer;
        return missing?.email.toLowerCase() ?? JSON.parse('not json');
      },
    };
    const cancelled = async (): Promise<boolean> => {
      throw new Error('engine unreachable');
    };
    engine.register(recordedWorkflow(definition, { store, cancelled }));
    await engine.start('rec.bug', { runId: 'run-bug', tenantId: 'ten_a', input: {} });
    expect(await engine.awaitRun('run-bug', 5_000)).toMatchObject({ status: 'ERROR' });
    expect(undone).toEqual(['inv_9']);
    const run = await store.run('ten_a', 'run-bug');
    expect(run?.status).toBe('COMPENSATED');
    expect(run?.error).toMatch(/JSON/);
    expect(run?.steps.map((s) => [s.stepId, s.status])).toEqual([['invoice', 'SUCCEEDED'], ['undo:invoice', 'SUCCEEDED']]);
  });

  it('leaves a run interrupted by the engine stopping RUNNING, with nothing undone, so it resumes', async () => {
    const undone: string[] = [];
    const store = new SqlWorkflowRunStore(db, () => undefined);
    const workflow = recordedWorkflow<unknown, unknown>(
      {
        name: 'rec.stop',
        run: async (run) => {
          await run.step('invoice', async () => 'inv_1', { compensate: async (id) => void undone.push(id) });
          return run.step('sms', async () => 'sent');
        },
      },
      { store, cancelled: async () => false },
    );
    // An engine stopping during the second step: the step's outcome is not the run's.
    const ctx: WorkflowContext = {
      runId: 'run-stop',
      tenantId: 'ten_a',
      step: async <T>(stepId: string, effect: (key: string) => Promise<T>): Promise<T> => {
        if (stepId !== 'invoice') throw new WorkflowInterruptedError('run-stop');
        return effect(`run-stop:${stepId}`);
      },
      sleep: async () => undefined,
      recv: async () => null,
    };
    await expect(workflow.run(ctx, {})).rejects.toBeInstanceOf(WorkflowInterruptedError);
    expect(undone).toEqual([]);
    const run = await store.run('ten_a', 'run-stop');
    expect(run?.status).toBe('RUNNING');
    expect(run?.steps.map((s) => [s.stepId, s.status])).toEqual([['invoice', 'SUCCEEDED']]);
  });
});
