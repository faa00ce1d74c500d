import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { AgentRunDocument, AgentRunsDocument, AgentsDocument, StartAgentRunDocument } from '../__generated__/graphql';
import { AGENT_RUN_UPDATED, runEventAction } from '../live/agent-run-events';
import { useEventStream } from '../live/use-event-stream';
import { Link } from '../ui/router';
import { ErrorNotice, QueryState } from '../ui/status';
import { PendingApprovals } from './agent-approvals';
import { RunItem } from './agent-run-item';

const RUN_EVENTS = [AGENT_RUN_UPDATED] as const;
const STREAM_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Stopped' } as const;

/**
 * Agent runs with their steps and the pending approvals, live: each unfinished run follows
 * `agentRunUpdated(runId)` (RunItem), and the tenant's run events (resumed from their cursor after a drop)
 * bring in runs started elsewhere and any status change a run's own subscription missed.
 */
export function AgentsPage() {
  const client = useApolloClient();
  const runs = useQuery(AgentRunsDocument, { variables: { first: 20 } });
  const nodes = runs.data?.agentRuns.nodes ?? [];
  const listed = useRef(new Map<string, string>());
  listed.current = new Map(nodes.map((run) => [run.id, run.status]));
  // One list read at a time: a new run's first updates arrive together, and one read shows it.
  const reading = useRef(false);
  const stream = useEventStream(RUN_EVENTS, (event) => {
    const action = runEventAction(event, listed.current);
    if (action?.kind === 'refetch-list' && !reading.current) {
      reading.current = true;
      void runs.refetch().catch(() => undefined).finally(() => (reading.current = false));
    }
    if (action?.kind === 'refetch-run') void client.query({ query: AgentRunDocument, variables: { id: action.runId }, fetchPolicy: 'network-only' }).catch(() => undefined);
  });
  return (
    <>
      <p role="status" aria-live="polite" className={`stream stream-${stream.status}`} data-stream-status={stream.status}>
        Run updates: {STREAM_TEXT[stream.status]}
      </p>
      <StartRun />
      <PendingApprovals runs={nodes} />
      <section aria-labelledby="runs">
        <h2 id="runs">Agent runs</h2>
        <QueryState loading={runs.loading} error={runs.error} hasData={!!runs.data} isEmpty={nodes.length === 0} what="runs" empty="No runs yet.">
          {() => <ul className="list">{nodes.map((run) => <RunItem key={run.id} run={run} />)}</ul>}
        </QueryState>
      </section>
      <p className="muted">Workflow runs and their approvals are on the <Link href="/workflows">Workflows</Link> page.</p>
    </>
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
