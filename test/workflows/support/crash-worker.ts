/**
 * A worker process for the crash test: executes `crash.effects` runs on the DBOS engine. Each step writes its
 * effect keyed by the step's idempotency key (insert-if-absent, as a provider with an idempotency header
 * would) and counts the attempt; with KILL_AT_STEP=n the first attempt of step n commits its effect, says so
 * on stdout and hangs, so the test can SIGKILL the process between the effect and the step's checkpoint.
 * ON_DEMAND=1 launches DBOS on demand, as the product's workers do.
 */
import { createLogger, DbosWorkflowEngine, openDatabase } from '@bizosaas/platform';
import pg from 'pg';

const url = process.env.CRASH_DATABASE_URL ?? '';
const schema = process.env.CRASH_SCHEMA ?? '';
const killAt = Number(process.env.KILL_AT_STEP ?? '0');
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });

const onDemand = process.env.ON_DEMAND === '1' ? { onDemand: { sql: await openDatabase({ url }), pollMs: 200 } } : {};
const engine = new DbosWorkflowEngine({ systemDatabaseUrl: url, schema: `${schema}_dbos`, execute: true, queues: [{ name: 'crash', workerConcurrency: 5 }], executorId: process.env.EXECUTOR_ID ?? 'local', logger: createLogger({ level: 'silent' }), ...onDemand });
engine.register<{ steps: number }, number>({
  name: 'crash.effects',
  run: async (ctx, input) => {
    for (let n = 1; n <= input.steps; n += 1) {
      await ctx.step(`step-${n}`, async (key) => {
        await pool.query('INSERT INTO attempts (run_id, step, n, pid) VALUES ($1, $2, 1, $3) ON CONFLICT (run_id, step) DO UPDATE SET n = attempts.n + 1', [ctx.runId, n, process.pid]);
        await pool.query('INSERT INTO effects (idempotency_key) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
        const first = await pool.query('SELECT n FROM attempts WHERE run_id = $1 AND step = $2', [ctx.runId, n]);
        if (n === killAt && first.rows[0]?.n === 1) {
          process.stdout.write(`EFFECT-COMMITTED ${ctx.runId} ${n}\n`);
          await new Promise(() => undefined);
        }
      });
    }
    return input.steps;
  },
});
engine.register<Record<string, never>, unknown>({
  name: 'crash.approval',
  run: async (ctx) => {
    await ctx.step('requested', async () => process.stdout.write(`WAITING ${ctx.runId}\n`));
    const decision = await ctx.recv<string>('decision', 120_000);
    return ctx.step('after', async () => ({ decision, pid: process.pid }));
  },
});
await engine.launch();
process.stdout.write('WORKER-READY\n');
