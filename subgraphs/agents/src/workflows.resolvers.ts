import { toConnection } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** Thin resolvers of the durable-workflow fields; the rules live in WorkflowsService. */
export const workflowsResolvers = {
  Query: {
    workflowTemplates: (_root, _args, ctx) => [...ctx.workflows.templates()],
    enabledWorkflows: async (_root, _args, ctx) => [...(await ctx.workflows.enabled())],
    workflowRuns: async (_root, { first, after, template }, ctx) => toConnection(await ctx.workflows.runs(first, after, template)),
    workflowRun: (_root, { id }, ctx) => ctx.workflows.run(id),
  },
  Mutation: {
    enableWorkflow: (_root, { template, settings }, ctx) => ctx.workflows.enable(template, settings),
    disableWorkflow: (_root, { template }, ctx) => ctx.workflows.disable(template),
    startWorkflow: (_root, { template, trigger, idempotencyKey }, ctx) => ctx.workflows.start(template, trigger, idempotencyKey),
    approveWorkflowStep: (_root, { runId, stepId, subjectHash }, ctx) => ctx.workflows.decide(runId, stepId, subjectHash, true),
    rejectWorkflowStep: (_root, { runId, stepId, subjectHash, reason }, ctx) => ctx.workflows.decide(runId, stepId, subjectHash, false, reason),
    cancelWorkflowRun: (_root, { id }, ctx) => ctx.workflows.cancel(id),
    retryWorkflowRun: (_root, { id }, ctx) => ctx.workflows.retry(id),
  },
  WorkflowTemplate: {
    ports: (template) => [...template.ports],
    settings: (template) => [...template.settings],
    triggerFields: (template) => [...template.triggerFields],
  },
  WorkflowRun: {
    __resolveReference: (ref, ctx) => ctx.workflows.findRun(ref.id),
    id: (run) => run.runId,
    status: (run) => run.status as 'RUNNING',
    steps: (run) => [...run.steps],
  },
  WorkflowStep: {
    kind: (step) => step.kind,
    status: (step) => step.status as 'RUNNING',
    compensates: (step) => (step.kind === 'COMPENSATION' && step.stepId.startsWith('undo:') ? step.stepId.slice('undo:'.length) : null),
  },
  WorkflowApproval: {
    subject: (approval) => approval.subjectSummary,
  },
} satisfies Pick<Resolvers, 'Query' | 'Mutation' | 'WorkflowTemplate' | 'WorkflowRun' | 'WorkflowStep' | 'WorkflowApproval'>;
