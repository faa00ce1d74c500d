import type { WorkflowDefinition } from '@bizosaas/domain';
import { describeWorkflowEngineContract } from '@bizosaas/domain/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { TEST_DATABASE_URL } from '../../db/database.test-support.js';
import { DbosWorkflowEngine } from './dbos-workflow-engine.js';

describeWorkflowEngineContract('DBOS Transact', async (workflows) => {
  const schema = `wf_${randomBytes(6).toString('hex')}`;
  const engine = new DbosWorkflowEngine({
    systemDatabaseUrl: TEST_DATABASE_URL,
    schema,
    execute: true,
    queues: [{ name: 'workflows', workerConcurrency: 10 }],
    logger: createLogger({ level: 'silent' }),
  });
  for (const workflow of workflows) engine.register(workflow);
  await engine.launch();
  return {
    engine,
    runTimeoutMs: 20_000,
    cleanup: async () => {
      await engine.close();
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
    },
  };
});

describe('DBOS engine interrupted by a shutdown', () => {
  const schema = `wfstop_${randomBytes(6).toString('hex')}`;
  const engineOn = (execute: boolean) =>
    new DbosWorkflowEngine({ systemDatabaseUrl: TEST_DATABASE_URL, schema, execute, queues: [{ name: 'workflows', workerConcurrency: 4 }], logger: createLogger({ level: 'silent' }) });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  });

  it('leaves a run whose step failed because of the shutdown PENDING, and the next launch completes it', async () => {
    let attempts = 0;
    let stepStarted!: () => void;
    const started = new Promise<void>((resolve) => (stepStarted = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const workflow: WorkflowDefinition<unknown, string> = {
      name: 'stop.tool',
      run: async (ctx) => {
        await ctx.step('read', async () => 'read');
        return ctx.step(
          'call-gateway',
          async () => {
            attempts += 1;
            if (attempts > 1) return 'done';
            stepStarted();
            await gate;
            throw new Error('connect ECONNREFUSED (the gateway closed first)');
          },
          { maxAttempts: 3, baseDelayMs: 50 },
        );
      },
    };
    const first = engineOn(true);
    first.register(workflow);
    await first.launch();
    await first.start('stop.tool', { runId: 'run-stop', tenantId: 'ten_a', input: {} });
    await started;
    first.interrupt();
    release();
    await first.close();
    expect(attempts).toBe(1);

    const reader = engineOn(false);
    reader.register(workflow);
    await reader.launch();
    expect((await reader.state('run-stop'))?.status).toBe('PENDING');
    await reader.close();

    const second = engineOn(true);
    second.register(workflow);
    await second.launch();
    try {
      expect(await second.awaitRun('run-stop', 20_000)).toMatchObject({ status: 'SUCCESS', output: 'done' });
      expect(attempts).toBe(2);
    } finally {
      await second.close();
    }
  }, 60_000);
});
