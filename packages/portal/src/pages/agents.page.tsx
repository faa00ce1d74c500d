import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { AgentRunsDocument, AgentsDocument, StartAgentRunDocument, type AgentRunFieldsFragment } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';

const ACTIVE = new Set(['QUEUED', 'RUNNING', 'WAITING_FOR_APPROVAL']);

/**
 * Agent runs with their steps, refreshed every 2 s while one is still going (the graph has no run
 * subscription yet), and the pending approvals with the exact tool call that waits.
 */
export function AgentsPage() {
  const runs = useQuery(AgentRunsDocument, { variables: { first: 20 } });
  const nodes = runs.data?.agentRuns.nodes ?? [];
  const going = nodes.some((run) => ACTIVE.has(run.status));
  const { startPolling, stopPolling } = runs;
  useEffect(() => {
    if (!going) return undefined;
    startPolling(2_000);
    return () => stopPolling();
  }, [going, startPolling, stopPolling]);
  const waiting = nodes.filter((run) => run.status === 'WAITING_FOR_APPROVAL');
  return (
    <>
      <StartRun />
      <section aria-labelledby="approvals">
        <h2 id="approvals">Pending approvals</h2>
        {waiting.length === 0 ? <p className="empty">No run is waiting for an approval.</p> : (
          <ul className="list">
            {waiting.map((run) => {
              const call = [...run.steps].reverse().find((step) => step.kind === 'TOOL_CALL');
              return (
                <li key={run.id} data-approval={run.id}>
                  <strong>{run.agent.name}</strong> wants to call <code>{call?.tool ?? 'a tool'}</code> with:
                  <pre>{JSON.stringify(call?.detail ?? null, null, 2)}</pre>
                  <p className="muted">Approving and rejecting arrive with the agents branch's approval API.</p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="runs">
        <h2 id="runs">Runs</h2>
        <QueryState loading={runs.loading} error={runs.error} hasData={!!runs.data} isEmpty={nodes.length === 0} what="runs" empty="No runs yet.">
          {() => <ul className="list">{nodes.map((run) => <RunItem key={run.id} run={run} />)}</ul>}
        </QueryState>
      </section>
    </>
  );
}

function RunItem({ run }: { run: AgentRunFieldsFragment }) {
  return (
    <li data-run={run.id}>
      <strong>{run.agent.name}</strong> <span className={`badge badge-${run.status.toLowerCase()}`}>{run.status.replaceAll('_', ' ').toLowerCase()}</span>
      <p>{run.input}</p>
      <details>
        <summary>{run.steps.length} steps · started {formatDate(run.createdAt)}</summary>
        <ol>
          {run.steps.map((step) => (
            <li key={step.index}><code>{step.kind.toLowerCase()}</code>{step.tool ? ` ${step.tool}` : ''}</li>
          ))}
        </ol>
      </details>
      {run.output ? <p>{run.output}</p> : null}
      {run.error ? <p className="warn">{run.error}</p> : null}
    </li>
  );
}

function StartRun() {
  const agents = useQuery(AgentsDocument, { variables: { first: 50 } });
  const [agentId, setAgentId] = useState('');
  const [input, setInput] = useState('');
  const [start, starting] = useMutation(StartAgentRunDocument, { refetchQueries: [AgentRunsDocument] });
  const list = agents.data?.agents.nodes ?? [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await start({ variables: { agentId: agentId || (list[0]?.id ?? ''), input } }).catch(() => undefined);
    setInput('');
  };
  if (agents.error) return <ErrorNotice error={agents.error} title="Could not load agents" />;
  if (list.length === 0) return null;
  return (
    <form onSubmit={submit} aria-label="Start a run" className="inline-form">
      <label>Agent<select value={agentId || list[0]?.id} onChange={(e) => setAgentId(e.target.value)}>{list.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</select></label>
      <label>Task<input value={input} onChange={(e) => setInput(e.target.value)} required /></label>
      <button type="submit" disabled={starting.loading}>Start run</button>
      {starting.error ? <ErrorNotice error={starting.error} title="The run did not start" /> : null}
    </form>
  );
}
