import type { WorkflowEnginePort } from '@bizosaas/domain';
import { InProcessWorkflowEngine, type Platform } from '@bizosaas/platform';

/**
 * The workflow engine agent runs execute on. Today the in-process engine (runs do not survive a restart);
 * the integrator swaps this one function for the DBOS Transact adapter, nothing else changes.
 */
export function createWorkflowEngine(_platform: Platform): WorkflowEnginePort {
  return new InProcessWorkflowEngine();
}
