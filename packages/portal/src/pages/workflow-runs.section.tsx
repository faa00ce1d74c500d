import { useQuery } from '@apollo/client/react';
import { useRef } from 'react';
import { WorkflowRunsDocument } from '../__generated__/graphql';
import { needsListRead } from '../live/workflow-run-events';
import { useWorkflowRunsLive } from '../live/use-workflow-runs-live';
import { QueryState } from '../ui/status';
import { WorkflowRunItem } from './workflow-run-item';

const STREAM_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Stopped' } as const;

/**
 * The tenant's workflow runs with every step, live from `workflowRunsUpdated`: each update writes its run to
 * the cache; a run not listed yet, and the time the stream (re)connects, read the list again. Nothing polls.
 */
export function WorkflowRunsSection() {
  const runs = useQuery(WorkflowRunsDocument, { variables: { first: 20 } });
  const nodes = runs.data?.workflowRuns.nodes ?? [];
  const listed = useRef(new Set<string>());
  listed.current = new Set(nodes.map((run) => run.id));
  // One list read at a time: a new run's first transitions arrive together, and one read shows it.
  const reading = useRef(false);
  const readList = () => {
    if (reading.current) return;
    reading.current = true;
    void runs.refetch().catch(() => undefined).finally(() => (reading.current = false));
  };
  const status = useWorkflowRunsLive((run) => {
    if (needsListRead(run.id, listed.current)) readList();
  }, readList);
  return (
    <section aria-labelledby="workflow-runs" data-section="workflow-runs">
      <h2 id="workflow-runs">Workflow runs</h2>
      <p role="status" aria-live="polite" className={`stream stream-${status}`} data-workflow-stream-status={status}>
        Workflow updates: {STREAM_TEXT[status]}
      </p>
      <QueryState loading={runs.loading} error={runs.error} hasData={!!runs.data} isEmpty={nodes.length === 0} what="workflow runs" empty="No workflow runs yet.">
        {() => <ul className="list">{nodes.map((run) => <WorkflowRunItem key={run.id} run={run} />)}</ul>}
      </QueryState>
    </section>
  );
}
