import { createLogger, DbosWorkflowEngine, migrate, openDatabase, TenantWorkflowStore, workflowRunsMigrationSet, type Database } from '@bizosaas/platform';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledRunId, startDueSchedules } from '../../packages/app/src/workflows/workflow-schedules.js';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sched_${randomBytes(6).toString('hex')}`;
const script = fileURLToPath(new URL('./support/schedule-worker.ts', import.meta.url));
let db: Database;
let client: DbosWorkflowEngine;
const children = new Set<ChildProcess>();

function startWorker(executorId: string): { child: ChildProcess; started: string[]; lost: string[]; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=bizosaas-source', script], {
    env: { ...process.env, SCHED_DATABASE_URL: DB_URL, SCHED_SCHEMA: schema, EXECUTOR_ID: executorId },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const started: string[] = [];
  const lost: string[] = [];
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`schedule worker exited (${code}) before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'WORKER-READY') resolve();
        if (line.startsWith('STARTED ')) started.push(line.slice('STARTED '.length));
        if (line.startsWith('LOST ')) lost.push(line.slice('LOST '.length));
      }
    });
  });
  return { child, started, lost, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  db = await openDatabase({ url: DB_URL, schema });
  await migrate(db, [workflowRunsMigrationSet]);
  await db.query('CREATE TABLE effects (run_id text NOT NULL, tenant_id text NOT NULL, scheduled_at timestamptz NOT NULL, pid int NOT NULL)');
  client = new DbosWorkflowEngine({ systemDatabaseUrl: DB_URL, schema: `${schema}_dbos`, execute: false, queues: [{ name: 'sched', workerConcurrency: 5 }], logger: createLogger({ level: 'silent' }) });
  client.register({ name: 'sched.tick', run: async () => '' });
  client.register({ name: 'sched.race', run: async () => '' });
  await client.launch();
}, 120_000);

afterAll(async () => {
  for (const child of [...children]) child.kill('SIGKILL');
  await client?.close();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_dbos CASCADE`);
  await db.close();
});

describe('a schedule across two workers', () => {
  it('starts exactly one run per slot and tenant, whichever worker sees the slot first', async () => {
    const workers = [startWorker('sched-a'), startWorker('sched-b')];
    await Promise.all(workers.map((w) => w.ready));
    const store = new TenantWorkflowStore(db);
    await store.enable('ten_a', 'sched.tick', {}, 'test');
    await store.enable('ten_b', 'sched.tick', {}, 'test');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await store.disable('ten_a', 'sched.tick', 'test');
    await store.disable('ten_b', 'sched.tick', 'test');
    // A tick in flight when disabled may still start its slot; then nothing more starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = workers.flatMap((w) => w.started);
    await Promise.all(started.map((runId) => client.awaitRun(runId, 60_000)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const w of workers) await stop(w.child);
    // Both workers asked for (nearly) every slot; the engine let exactly one of them start each.
    for (const w of workers) expect(w.started.length + w.lost.length).toBeGreaterThanOrEqual(5);
    for (const w of workers) for (const runId of w.lost) expect(started).toContain(runId);

    // No run id was started by both workers, and each names its tenant and a whole second.
    expect(new Set(started).size).toBe(started.length);
    for (const runId of started) expect(runId).toMatch(/^sched\.tick:ten_[ab]:at:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const perTenant = (tenant: string) => started.filter((runId) => runId.includes(`:${tenant}:`)).sort();
    // About 5 one-second slots each (the first slot after enabling is skipped, as it began before).
    expect(perTenant('ten_a').length).toBeGreaterThanOrEqual(3);
    expect(perTenant('ten_b').length).toBeGreaterThanOrEqual(3);
    expect(perTenant('ten_a').length).toBeLessThanOrEqual(7);
    // Every run executed once: one effect row per started run, none for a run that was not started.
    const effects = await db.query('SELECT run_id, count(*)::int AS n FROM effects GROUP BY run_id ORDER BY run_id');
    expect(effects.rows.map((r) => [r.run_id, r.n])).toEqual([...started].sort().map((runId) => [runId, 1]));
    // Consecutive slots: no gap and no repeat within a tenant.
    for (const tenant of ['ten_a', 'ten_b']) {
      const times = perTenant(tenant).map((runId) => Date.parse(runId.slice(runId.indexOf(':at:') + 4)));
      times.forEach((time, i) => i > 0 && expect(time - (times[i - 1] ?? 0)).toBe(1_000));
    }
  }, 120_000);

  it('two workers asking for the same slot at the same instant: the engine starts it once', async () => {
    const other = new DbosWorkflowEngine({ systemDatabaseUrl: DB_URL, schema: `${schema}_dbos`, execute: false, queues: [{ name: 'sched', workerConcurrency: 5 }], logger: createLogger({ level: 'silent' }) });
    other.register({ name: 'sched.race', run: async () => '' });
    await other.launch();
    try {
      const store = new TenantWorkflowStore(db);
      for (const tenant of ['ten_c', 'ten_d', 'ten_e']) await store.enable(tenant, 'sched.race', {}, 'test');
      const template = [{ name: 'sched.race', schedule: { everySeconds: () => 60 } }];
      const later = Date.now() + 3_600_000;
      for (const now of [later, later + 60_000, later + 120_000]) {
        const [a, b] = await Promise.all([startDueSchedules(client, store, template, now), startDueSchedules(other, store, template, now)]);
        // Between them, each tenant's slot started exactly once; the other was told it was started already.
        expect([...a.alreadyStarted, ...b.alreadyStarted].sort()).toEqual([...a.started, ...b.started].sort());
        expect([...a.started, ...b.started].sort()).toEqual(['ten_c', 'ten_d', 'ten_e'].map((tenant) => scheduledRunId('sched.race', tenant, Math.floor(now / 60_000) * 60_000)));
        expect((await startDueSchedules(other, store, template, now)).started).toEqual([]);
      }
      // A slot that began before the tenant enabled the template does not run.
      expect(await startDueSchedules(client, store, template, Date.now() - 120_000)).toEqual({ started: [], alreadyStarted: [] });
    } finally {
      await other.close();
    }
  }, 60_000);
});
