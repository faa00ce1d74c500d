import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { ApproveAgentActionDocument, RejectAgentActionDocument, type AgentRunFieldsFragment } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice } from '../ui/status';

type Pending = AgentRunFieldsFragment & { pendingApproval: NonNullable<AgentRunFieldsFragment['pendingApproval']> };

/** The runs that wait for a human: exactly what each would do, and the decision. */
export function PendingApprovals({ runs }: { runs: readonly AgentRunFieldsFragment[] }) {
  const waiting = runs.filter((run): run is Pending => run.status === 'WAITING_FOR_APPROVAL' && run.pendingApproval != null);
  return (
    <section aria-labelledby="approvals">
      <h2 id="approvals">Pending approvals</h2>
      {waiting.length === 0 ? <p className="empty">No run is waiting for an approval.</p> : (
        <ul className="list">{waiting.map((run) => <ApprovalItem key={`${run.id}/${run.pendingApproval.actionId}`} run={run} />)}</ul>
      )}
    </section>
  );
}

/**
 * One pending action. Approving sends the arguments' hash the page showed, so the server refuses
 * (CONFLICT) if the action changed since; the answer is the run, which replaces the cached one.
 */
function ApprovalItem({ run }: { run: Pending }) {
  const id = useId();
  const action = run.pendingApproval;
  const [reason, setReason] = useState('');
  const [approve, approving] = useMutation(ApproveAgentActionDocument);
  const [reject, rejecting] = useMutation(RejectAgentActionDocument);
  const busy = approving.loading || rejecting.loading;
  const expired = Date.parse(action.expiresAt) <= Date.now();
  const decide = (decision: 'approve' | 'reject') => {
    const variables = { runId: run.id, actionId: action.actionId };
    const sent = decision === 'approve' ? approve({ variables: { ...variables, argsHash: action.argsHash } }) : reject({ variables: { ...variables, reason: reason.trim() || null } });
    sent.catch(() => undefined);
  };
  return (
    <li data-approval={run.id} aria-labelledby={`${id}-what`} className="approval">
      <h3 id={`${id}-what`} className="approval-title">
        {run.agent.name} wants to run <code>{action.tool}</code>
      </h3>
      <p className="muted wrap-anywhere">Task: {run.input}</p>
      <dl className="approval-facts">
        <div><dt>Arguments</dt><dd><pre data-approval-arguments>{JSON.stringify(action.arguments ?? null, null, 2)}</pre></dd></div>
        <div><dt>Arguments hash</dt><dd><code className="hash" data-approval-hash>{action.argsHash}</code></dd></div>
        <div><dt>{expired ? 'Expired' : 'Expires'}</dt><dd><time dateTime={action.expiresAt}>{formatDate(action.expiresAt)}</time></dd></div>
        <div><dt>Requested by</dt><dd className="wrap-anywhere">{run.requestedBy}</dd></div>
      </dl>
      <div className="inline-form">
        <button type="button" disabled={busy} aria-describedby={`${id}-what`} onClick={() => decide('approve')}>Approve</button>
        <label>Reason for rejecting (optional)<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
        <button type="button" className="danger" disabled={busy} aria-describedby={`${id}-what`} onClick={() => decide('reject')}>Reject</button>
      </div>
      {approving.error ? <ErrorNotice error={approving.error} title="The approval was not recorded" /> : null}
      {rejecting.error ? <ErrorNotice error={rejecting.error} title="The rejection was not recorded" /> : null}
    </li>
  );
}
