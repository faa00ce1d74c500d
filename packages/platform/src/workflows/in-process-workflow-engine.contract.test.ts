import { describeWorkflowEngineContract } from '@bizosaas/domain/testing';
import { InProcessWorkflowEngine } from './in-process-workflow-engine.js';

describeWorkflowEngineContract('in-process', async (workflows) => {
  const engine = new InProcessWorkflowEngine();
  for (const workflow of workflows) engine.register(workflow);
  return { engine, runTimeoutMs: 5_000 };
});
