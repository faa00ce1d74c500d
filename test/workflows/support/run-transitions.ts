import type { Received } from '../../support/ws-client.js';

/** A run's transitions as a subscriber saw them, `run:<status>` or `<stepId>:<status>`, in arrival order. */
export function transitions(received: readonly Received[], runId: string, field = 'workflowRunsUpdated'): string[] {
  return received
    .map((r) => r.data?.[field])
    .filter((u) => u?.run.id === runId)
    .map((u) => (u.kind === 'RUN' ? `run:${u.status}` : `${u.stepId}:${u.status}`));
}

/** Every transition of a deal-won run whose case study is approved, in order. */
export const DEAL_WON_APPROVED_TRANSITIONS: readonly string[] = [
  'run:RUNNING',
  'load-deal:RUNNING',
  'load-deal:SUCCEEDED',
  'create-invoice:RUNNING',
  'create-invoice:SUCCEEDED',
  'add-to-audience:RUNNING',
  'add-to-audience:SUCCEEDED',
  'sms-owner:RUNNING',
  'sms-owner:SUCCEEDED',
  'draft-case-study:RUNNING',
  'draft-case-study:SUCCEEDED',
  'approve-case-study:WAITING',
  'approve-case-study:APPROVED',
  'publish-case-study:RUNNING',
  'publish-case-study:SUCCEEDED',
  'run:SUCCEEDED',
];
