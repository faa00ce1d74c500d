import { useMutation } from '@apollo/client/react';
import { useId } from 'react';
import { CancelWorkflowRunDocument, RetryWorkflowRunDocument, WorkflowRunsDocument, type WorkflowRunFieldsFragment, type WorkflowStepFieldsFragment } from '../__generated__/graphql';
import { FINISHED_WORKFLOW_STATUSES, RETRYABLE_WORKFLOW_STATUSES } from '../live/workflow-run-events';
import { formatDate } from '../ui/format';
import { ErrorNotice } from '../ui/status';
import { WorkflowApproval } from './workflow-approval';

const words = (value: string) => value.replaceAll('_', ' ').toLowerCase();

/** One run: status, every step (status, attempts, timings, errors, what a compensation undoes), approvals, cancel and retry. */
export function WorkflowRunItem({ run }: { run: WorkflowRunFieldsFragment }) {
  const id = useId();
  const going = !FINISHED_WORKFLOW_STATUSES.has(run.status);
  const [cancel, cancelling] = useMutation(CancelWorkflowRunDocument);
  const [retry, retrying] = useMutation(RetryWorkflowRunDocument, { refetchQueries: [WorkflowRunsDocument] });
  return (
    <li data-workflow-run={run.id} data-workflow-run-status={run.status} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="approval-title">
        <code>{run.workflow}</code>{' '}
        <span className={`badge badge-${run.status.toLowerCase()}`} data-workflow-run-badge>{words(run.status)}</span>
      </h3>
      <p className="muted wrap-anywhere">
        Run <code>{run.id}</code> · started {formatDate(run.startedAt)}{run.finishedAt ? ` · finished ${formatDate(run.finishedAt)}` : ''}
      </p>
      {run.inputSummary ? <p className="wrap-anywhere">Input <code>{run.inputSummary}</code></p> : null}
      <ol className="steps">
        {run.steps.map((step) => <StepItem key={step.stepId} runId={run.id} step={step} />)}
      </ol>
      {run.outputSummary ? <p className="wrap-anywhere" data-workflow-run-output>Output <code>{run.outputSummary}</code></p> : null}
      {run.error ? <p className="warn wrap-anywhere">{run.error}</p> : null}
      <div className="inline-form">
        {going ? (
          <button type="button" className="danger" disabled={cancelling.loading} aria-describedby={`${id}-title`} onClick={() => void cancel({ variables: { id: run.id } }).catch(() => undefined)}>Cancel run</button>
        ) : null}
        {RETRYABLE_WORKFLOW_STATUSES.has(run.status) ? (
          <button type="button" disabled={retrying.loading} aria-describedby={`${id}-title`} onClick={() => void retry({ variables: { id: run.id } }).catch(() => undefined)}>Retry as a new run</button>
        ) : null}
      </div>
      {cancelling.error ? <ErrorNotice error={cancelling.error} title="The run was not cancelled" /> : null}
      {retrying.error ? <ErrorNotice error={retrying.error} title="The run was not retried" /> : null}
    </li>
  );
}

function StepItem({ runId, step }: { runId: string; step: WorkflowStepFieldsFragment }) {
  return (
    <li data-workflow-step={step.stepId} data-workflow-step-status={step.status}>
      <code>{step.stepId}</code>{' '}
      <span className={`badge badge-${step.status.toLowerCase()}`}>{words(step.status)}</span>{' '}
      <span className="muted">
        {words(step.kind)}{step.compensates ? ` of ${step.compensates}` : ''} · {step.attempts} {step.attempts === 1 ? 'attempt' : 'attempts'} · {formatDate(step.startedAt)}
        {step.finishedAt ? ` – ${formatDate(step.finishedAt)}` : ''}
      </span>
      {step.outputSummary ? <div className="muted wrap-anywhere"><small>Output <code>{step.outputSummary}</code></small></div> : null}
      {step.error ? <div className="warn wrap-anywhere"><small>{step.error}</small></div> : null}
      {step.approval ? <WorkflowApproval runId={runId} stepId={step.stepId} approval={step.approval} /> : null}
    </li>
  );
}
