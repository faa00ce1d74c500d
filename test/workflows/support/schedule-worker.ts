/**
 * A worker process for the schedule test: executes `sched.tick` runs on the DBOS engine and runs the schedule
 * ticker of the workflows duty over a one-second test template. Each run writes one effect row (no key: a run
 * executed twice would show two rows); the run ids this process started are printed as `STARTED <run id>`, those
 * another worker had started first as `LOST <run id>`.
 */
import { createLogger, DbosWorkflowEngine, openDatabase, TenantWorkflowStore } from '@bizosaas/platform';
import pg from 'pg';
import { startScheduleTicker } from '../../../packages/app/src/workflows/workflow-schedules.js';

const url = process.env.SCHED_DATABASE_URL ?? '';
const schema = process.env.SCHED_SCHEMA ?? '';
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
const db = await openDatabase({ url, schema });
const logger = createLogger({ level: 'silent' });

const engine = new DbosWorkflowEngine({ systemDatabaseUrl: url, schema: `${schema}_dbos`, execute: true, queues: [{ name: 'sched', workerConcurrency: 5 }], executorId: process.env.EXECUTOR_ID ?? 'local', logger });
engine.register<{ trigger: { scheduledAt: string } }, string>({
  name: 'sched.tick',
  run: async (ctx, input) => {
    await ctx.step('effect', async () => {
      await pool.query('INSERT INTO effects (run_id, tenant_id, scheduled_at, pid) VALUES ($1, $2, $3, $4)', [ctx.runId, ctx.tenantId, input.trigger.scheduledAt, process.pid]);
    });
    return input.trigger.scheduledAt;
  },
});
await engine.launch();
const ticker = startScheduleTicker({
  engine,
  tenantWorkflows: new TenantWorkflowStore(db),
  templates: [{ name: 'sched.tick', schedule: { everySeconds: () => 1 } }],
  tickMs: 100,
  logger,
  onTick: ({ started, alreadyStarted }) => {
    for (const runId of started) process.stdout.write(`STARTED ${runId}\n`);
    for (const runId of alreadyStarted) process.stdout.write(`LOST ${runId}\n`);
  },
});
process.stdout.write('WORKER-READY\n');
process.on('SIGTERM', () => {
  void (async () => {
    await ticker.stop();
    await engine.close();
    await pool.end();
    await db.close();
    process.exit(0);
  })();
});
