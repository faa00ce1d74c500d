import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TEST_DATABASE_URL } from '../../db/database.test-support.js';
import { createLogger } from '../../logging/logger.js';
import { DbosWorkflowEngine, WORKFLOW_CODE_VERSION } from './dbos-workflow-engine.js';

const schema = `wfod_${randomBytes(6).toString('hex')}`;
const queues = [{ name: 'on-demand', workerConcurrency: 2 }] as const;
const logger = createLogger({ level: 'silent' });
let admin: pg.Client;
let db: Database;
const engines: DbosWorkflowEngine[] = [];

/** An engine with `double` registered: executing on demand (watching every 100 ms), or a client. */
function engine(kind: 'on-demand' | 'client', executorId: string): DbosWorkflowEngine {
  const made = new DbosWorkflowEngine({
    systemDatabaseUrl: TEST_DATABASE_URL,
    schema,
    execute: kind === 'on-demand',
    queues,
    executorId,
    logger,
    pollMs: 50,
    ...(kind === 'on-demand' ? { onDemand: { sql: db, pollMs: 100 } } : {}),
  });
  made.register<{ n: number }, number>({ name: 'double', run: async (ctx, input) => ctx.step('calc', async () => input.n * 2) });
  engines.push(made);
  return made;
}

/** Connections the engines of `executorId` hold to the database right now. */
async function connectionsOf(executorId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [`dbos_bizosaas_${executorId}`]);
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  db = await openDatabase({ url: TEST_DATABASE_URL });
});
afterEach(async () => {
  for (const made of engines.splice(0)) await made.close();
});
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  await db.close();
});

describe('a DBOS engine launched on demand', () => {
  it('with nothing to run, starts no DBOS and opens no connection; a run started through it launches DBOS and completes', async () => {
    const idle = engine('on-demand', 'od-start');
    await idle.launch();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(DbosWorkflowEngine.runningInThisProcess()).toBe(true);
    expect(await connectionsOf('od-start')).toBe(0);
    expect((await admin.query(`SELECT to_regclass($1) AS t`, [`${schema}.workflow_status`])).rows[0]?.t).toBeNull();

    await idle.start('double', { runId: 'od-1', tenantId: 't', input: { n: 21 } });
    expect(await idle.awaitRun('od-1', 20_000)).toMatchObject({ status: 'SUCCESS', output: 42 });
    expect(await connectionsOf('od-start')).toBeGreaterThan(0);
  });

  it('is not woken by a queued run of another code version, and takes a run another process queued while it waited', async () => {
    const client = engine('client', 'od-client');
    await client.launch();
    // A run of another code version waiting on the queue is not work for this executor.
    await admin.query(`INSERT INTO ${schema}.workflow_status (workflow_uuid, status, name, queue_name, application_version, created_at, updated_at) VALUES ('od-old', 'ENQUEUED', 'double', $1, 'older', 0, 0)`, [queues[0].name]);
    const worker = engine('on-demand', 'od-watch');
    await worker.launch();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await connectionsOf('od-watch')).toBe(0);

    await client.start('double', { runId: 'od-2', tenantId: 't', input: { n: 5 } });
    expect(await client.awaitRun('od-2', 20_000)).toMatchObject({ status: 'SUCCESS', output: 10 });
    expect(await connectionsOf('od-watch')).toBeGreaterThan(0);
  });

  it('answers for live runs without launching (the stranded-run sweep asks every minute), and launches for the others', async () => {
    // A run another worker executes: PENDING under its executor id, of this code version.
    await admin.query(`INSERT INTO ${schema}.workflow_status (workflow_uuid, status, name, executor_id, application_version, created_at, updated_at) VALUES ('od-live', 'PENDING', 'double', 'od-elsewhere', $1, 0, 0)`, [WORKFLOW_CODE_VERSION]);
    const worker = engine('on-demand', 'od-ask');
    await worker.launch();
    expect(await worker.prospects(['od-live'])).toEqual(new Map([['od-live', { kind: 'active' }]]));
    expect(await connectionsOf('od-ask')).toBe(0);
    expect(await worker.prospects(['od-live', 'od-unknown', 'od-old'])).toEqual(
      new Map<string, unknown>([
        ['od-live', { kind: 'active' }],
        ['od-unknown', { kind: 'missing' }],
        // Queued by the test above under the code version 'older'.
        ['od-old', { kind: 'stranded', reason: 'CODE_VERSION', detail: expect.stringContaining('older') }],
      ]),
    );
    expect(await connectionsOf('od-ask')).toBeGreaterThan(0);
  });

  it('refuses a second executing engine in the process while the first waits for work', async () => {
    await engine('on-demand', 'od-one').launch();
    await expect(engine('on-demand', 'od-two').launch()).rejects.toThrow(/already running in this process/);
  });
});
