import { describeWorkflowEngineContract } from '@bizosaas/domain/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
