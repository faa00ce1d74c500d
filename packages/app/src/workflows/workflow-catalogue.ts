import type { WorkflowDefinition, WorkflowEnginePort } from '@bizosaas/domain';
import { recordedWorkflow, type Platform } from '@bizosaas/platform';
import { contentPublishedTemplate } from './content-published.template.js';
import { dealWonTemplate } from './deal-won.template.js';
import { orderPaidTemplate } from './order-paid.template.js';
import { pipelineDigestTemplate } from './pipeline-digest.template.js';
import { workflowStoreOf } from './workflow-services.js';
import type { WorkflowTemplate } from './workflow-template.js';

/** THE catalogue of built-in workflow templates (`workflowTemplates`): a new template is one line here. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate<never>[] = [
  dealWonTemplate as WorkflowTemplate<never>,
  orderPaidTemplate as WorkflowTemplate<never>,
  contentPublishedTemplate as WorkflowTemplate<never>,
  pipelineDigestTemplate as WorkflowTemplate<never>,
];

export function templateNamed(name: string): WorkflowTemplate<never> | undefined {
  return WORKFLOW_TEMPLATES.find((template) => template.name === name);
}

/** Every template as an engine workflow that records its runs and compensates on permanent failure. */
export function templateWorkflows(platform: Platform, engine: Pick<WorkflowEnginePort, 'state'>): WorkflowDefinition<never, unknown>[] {
  const store = workflowStoreOf(platform);
  const cancelled = async (runId: string) => (await engine.state(runId))?.status === 'CANCELLED';
  return WORKFLOW_TEMPLATES.map((template) => recordedWorkflow(template.definition(platform), { store, cancelled }) as WorkflowDefinition<never, unknown>);
}
