import { useState } from 'react';
import type { AgentRunFieldsFragment } from '../__generated__/graphql';
import { FINISHED_RUN_STATUSES } from '../live/agent-run-events';
import { useAgentRunLive } from '../live/use-agent-run-live';
import { formatDate } from '../ui/format';
import { ErrorNotice } from '../ui/status';

/** One run: status, task, steps and outcome; an unfinished run follows its own live updates. */
export function RunItem({ run }: { run: AgentRunFieldsFragment }) {
  const going = !FINISHED_RUN_STATUSES.has(run.status);
  const live = useAgentRunLive(run.id, going);
  // A run still going shows its steps as they come; a finished one folds them away until asked.
  const [open, setOpen] = useState(going);
  return (
    <li data-run={run.id} data-run-status={run.status}>
      <strong>{run.agent.name}</strong>{' '}
      <span className={`badge badge-${run.status.toLowerCase()}`} data-run-badge>{run.status.replaceAll('_', ' ').toLowerCase()}</span>
      <p className="wrap-anywhere">{run.input}</p>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>{run.steps.length} steps · started {formatDate(run.createdAt)}{run.finishedAt ? ` · finished ${formatDate(run.finishedAt)}` : ''}</summary>
        <ol className="steps">
          {run.steps.map((step) => (
            <li key={step.index} data-step={step.kind}>
              <code>{step.kind.replaceAll('_', ' ').toLowerCase()}</code>{step.tool ? ` ${step.tool}` : ''} <span className="muted">{formatDate(step.at)}</span>
            </li>
          ))}
        </ol>
      </details>
      {live.streamedText ? <p className="muted wrap-anywhere" data-streamed-text>{live.streamedText}</p> : null}
      {run.output ? <p className="wrap-anywhere" data-run-output>{run.output}</p> : null}
      {run.error ? <p className="warn wrap-anywhere">{run.error}</p> : null}
      {live.error ? <ErrorNotice error={live.error} title="Live updates of this run stopped" /> : null}
    </li>
  );
}
