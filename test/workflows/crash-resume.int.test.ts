import { createLogger, DbosWorkflowEngine } from '@bizosaas/platform';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `crash_${randomBytes(6).toString('hex')}`;
const script = fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url));
let admin: pg.Client;
let client: DbosWorkflowEngine;
const children = new Set<ChildProcess>();

/** Starts a worker process and resolves once it printed `marker` (the line's words after it). */
function startWorker(env: Record<string, string>): { child: ChildProcess; waitFor(marker: string): Promise<string[]> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=bizosaas-source', script], {
    env: { ...process.env, CRASH_DATABASE_URL: DB_URL, CRASH_SCHEMA: schema, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = async (marker: string) => {
    for (;;) {
      const line = out.split('\n').find((l) => l.startsWith(marker));
      if (line) return line.split(' ').slice(1);
      if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}) before ${marker}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  };
  return { child, waitFor };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: DB_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.effects (idempotency_key text PRIMARY KEY, at timestamptz DEFAULT clock_timestamp());
    CREATE TABLE ${schema}.attempts (run_id text, step int, n int, pid int, PRIMARY KEY (run_id, step))`);
  client = new DbosWorkflowEngine({ systemDatabaseUrl: DB_URL, schema: `${schema}_dbos`, execute: false, queues: [{ name: 'crash', workerConcurrency: 5 }], logger: createLogger({ level: 'silent' }) });
  client.register({ name: 'crash.effects', run: async () => 0 });
  client.register({ name: 'crash.approval', run: async () => 0 });
  await client.launch();
}, 120_000);

afterAll(async () => {
  for (const child of [...children]) await stop(child, 'SIGKILL');
  await client?.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_dbos CASCADE`);
  await admin.end();
});

describe('a worker SIGKILLed in the middle of a step', () => {
  for (const step of [1, 2, 3]) {
    // As in the product, the next worker of step 2 launches DBOS on demand: it finds the unfinished run first.
    const next: Record<string, string> = step === 2 ? { ON_DEMAND: '1' } : {};
    it(`resumes after a kill in step ${step}${step === 2 ? ' (the next worker launched on demand)' : ''}: the run completes and every effect exists once`, async () => {
      const runId = `crash-${step}-${randomBytes(4).toString('hex')}`;
      const first = startWorker({ KILL_AT_STEP: String(step) });
      await first.waitFor('WORKER-READY');
      await client.start('crash.effects', { runId, tenantId: 'ten_crash', input: { steps: 3 } });
      expect(await first.waitFor('EFFECT-COMMITTED')).toEqual([runId, String(step)]);
      await stop(first.child, 'SIGKILL');

      const second = startWorker(next);
      await second.waitFor('WORKER-READY');
      expect(await client.awaitRun(runId, 90_000)).toMatchObject({ status: 'SUCCESS', output: 3 });
      await stop(second.child, 'SIGTERM');

      const effects = await admin.query(`SELECT idempotency_key FROM ${schema}.effects WHERE idempotency_key LIKE $1 ORDER BY idempotency_key`, [`${runId}:%`]);
      expect(effects.rows.map((r) => r.idempotency_key)).toEqual([`${runId}:step-1`, `${runId}:step-2`, `${runId}:step-3`]);
      const attempts = await admin.query(`SELECT step, n FROM ${schema}.attempts WHERE run_id = $1 ORDER BY step`, [runId]);
      // Steps completed before the kill are replayed from their checkpoint, not run again; the killed one ran twice.
      expect(attempts.rows.map((r) => [r.step, r.n])).toEqual([1, 2, 3].map((n) => [n, n === step ? 2 : 1]));
    }, 180_000);
  }
});

describe('two workers sharing the queue', () => {
  it('complete 100 runs started at once, none twice, both taking a share', async () => {
    const workers = [startWorker({ EXECUTOR_ID: 'worker-a' }), startWorker({ EXECUTOR_ID: 'worker-b' })];
    await Promise.all(workers.map((w) => w.waitFor('WORKER-READY')));
    const prefix = `many-${randomBytes(4).toString('hex')}`;
    const ids = Array.from({ length: 100 }, (_, i) => `${prefix}-${i}`);
    const started = await Promise.all(ids.map((runId) => client.start('crash.effects', { runId, tenantId: 'ten_many', input: { steps: 3 } })));
    expect(started.every((s) => !s.alreadyStarted)).toBe(true);
    const states = await Promise.all(ids.map((runId) => client.awaitRun(runId, 170_000)));
    expect(states.filter((s) => s.status === 'SUCCESS')).toHaveLength(100);
    for (const w of workers) await stop(w.child, 'SIGTERM');
    const effects = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.effects WHERE idempotency_key LIKE $1`, [`${prefix}-%`]);
    expect(effects.rows[0]?.n).toBe(300);
    const attempts = await admin.query(`SELECT max(n)::int AS most, count(*)::int AS steps, count(DISTINCT pid)::int AS workers FROM ${schema}.attempts WHERE run_id LIKE $1`, [`${prefix}-%`]);
    expect(attempts.rows[0]).toEqual({ most: 1, steps: 300, workers: 2 });
  }, 200_000);
});

describe('a run waiting for a decision', () => {
  it('keeps waiting across a SIGKILL of its worker, takes the decision sent while no worker ran, and completes on the next (launched on demand)', async () => {
    const runId = `wait-${randomBytes(4).toString('hex')}`;
    const first = startWorker({});
    await first.waitFor('WORKER-READY');
    await client.start('crash.approval', { runId, tenantId: 'ten_wait', input: {} });
    expect(await first.waitFor('WAITING')).toEqual([runId]);
    await stop(first.child, 'SIGKILL');
    await client.send(runId, 'decision', 'approved by ann', `${runId}:decision`);
    expect(await client.state(runId)).toMatchObject({ status: 'PENDING' });
    const second = startWorker({ ON_DEMAND: '1' });
    await second.waitFor('WORKER-READY');
    const done = await client.awaitRun(runId, 90_000);
    await stop(second.child, 'SIGTERM');
    expect(done).toMatchObject({ status: 'SUCCESS', output: { decision: 'approved by ann', pid: second.child.pid } });
  }, 180_000);
});

