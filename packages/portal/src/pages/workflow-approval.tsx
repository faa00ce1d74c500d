import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { ApproveWorkflowStepDocument, RejectWorkflowStepDocument, type WorkflowStepFieldsFragment } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice } from '../ui/status';

type Approval = NonNullable<WorkflowStepFieldsFragment['approval']>;

/**
 * What an approval step waits on: exactly what is approved, its hash and expiry; while it waits, Approve and
 * Reject send that hash, so the server refuses (CONFLICT) if the subject changed since the page showed it.
 * Reject sends the reason typed beside it, which then shows with the decision. The answer is the run, which
 * replaces the cached one.
 */
export function WorkflowApproval({ runId, stepId, approval }: { runId: string; stepId: string; approval: Approval }) {
  const id = useId();
  const [approve, approving] = useMutation(ApproveWorkflowStepDocument);
  const [reject, rejecting] = useMutation(RejectWorkflowStepDocument);
  const [reason, setReason] = useState('');
  const busy = approving.loading || rejecting.loading;
  const waiting = approval.status === 'WAITING';
  const variables = { runId, stepId, subjectHash: approval.subjectHash };
  return (
    <div className="approval" data-workflow-approval={`${runId}/${stepId}`} data-approval-status={approval.status}>
      <p id={`${id}-what`} className="approval-title">{waiting ? 'Waiting for your decision' : `Approval ${approval.status.toLowerCase()}`}: {stepId}</p>
      <dl className="approval-facts">
        <div><dt>Subject</dt><dd><pre className="wrap-anywhere" data-approval-subject>{approval.subject ?? '—'}</pre></dd></div>
        <div><dt>Subject hash</dt><dd><code className="hash" data-approval-hash>{approval.subjectHash}</code></dd></div>
        <div><dt>Expires</dt><dd><time dateTime={approval.expiresAt}>{formatDate(approval.expiresAt)}</time></dd></div>
        {approval.decidedBy ? <div><dt>Decided by</dt><dd className="wrap-anywhere" data-approval-decider>{approval.decidedBy}, {formatDate(approval.decidedAt)}</dd></div> : null}
        {approval.reason ? <div><dt>Reason</dt><dd className="wrap-anywhere" data-approval-reason>{approval.reason}</dd></div> : null}
      </dl>
      {waiting ? (
        <div className="inline-form">
          <button type="button" disabled={busy} aria-describedby={`${id}-what`} onClick={() => void approve({ variables }).catch(() => undefined)}>Approve</button>
          <label>Reason for rejecting (optional)<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
          <button type="button" className="danger" disabled={busy} aria-describedby={`${id}-what`} onClick={() => void reject({ variables: { ...variables, reason: reason.trim() || null } }).catch(() => undefined)}>Reject</button>
        </div>
      ) : null}
      {approving.error ? <ErrorNotice error={approving.error} title="The approval was not recorded" /> : null}
      {rejecting.error ? <ErrorNotice error={rejecting.error} title="The rejection was not recorded" /> : null}
    </div>
  );
}
