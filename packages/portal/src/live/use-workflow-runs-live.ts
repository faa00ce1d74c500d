import { useApolloClient } from '@apollo/client/react';
import { print } from 'graphql';
import { useEffect, useRef, useState } from 'react';
import { WorkflowRunFieldsFragmentDoc, WorkflowRunsLiveDocument, type WorkflowRunFieldsFragment, type WorkflowRunsLiveSubscription } from '../__generated__/graphql';
import { createWsClient } from '../apollo';
import { ResumableEventStream, type StreamStatus } from './event-stream';

const RUNS_LIVE = print(WorkflowRunsLiveDocument);

/**
 * The tenant's workflow run transitions (`workflowRunsUpdated`), resumed from the last cursor after any drop
 * (its own graphql-ws client, as useEventStream: graphql-ws would resubscribe without `after`). Each update's
 * run is written to the cache; `onRun` hears of it (the page reads its list again for a run it lacks), and
 * `onLive` each time the stream is (again) live, so the page can read what it may have missed before that.
 */
export function useWorkflowRunsLive(onRun: (run: WorkflowRunFieldsFragment) => void, onLive: () => void): StreamStatus {
  const client = useApolloClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handlers = useRef({ onRun, onLive });
  handlers.current = { onRun, onLive };
  useEffect(() => {
    const ws = createWsClient({ retryAttempts: 0 });
    // The stream delivers (or drops as a duplicate) synchronously inside sink.next: the run of the update
    // being delivered is this one.
    let delivering: WorkflowRunFieldsFragment | undefined;
    const stream = new ResumableEventStream({
      subscribe: (after, sink) =>
        ws.subscribe<WorkflowRunsLiveSubscription>(
          { query: RUNS_LIVE, variables: { after: after ?? null } },
          {
            next: (result) => {
              const update = result.data?.workflowRunsUpdated;
              if (update) {
                delivering = update.run;
                sink.next({ id: update.id, cursor: update.cursor, type: update.kind, occurredAt: update.occurredAt, payload: null });
                delivering = undefined;
              } else if (result.errors) sink.error(result.errors);
            },
            error: (reason) => sink.error(reason),
            complete: () => sink.complete(),
          },
        ),
      onEvent: (event) => {
        const run = delivering;
        if (!run) return;
        client.cache.writeFragment({ fragment: WorkflowRunFieldsFragmentDoc, fragmentName: 'WorkflowRunFields', data: run });
        handlers.current.onRun(run);
      },
      onStatus: (next) => {
        setStatus(next);
      },
    });
    const offConnected = ws.on('connected', () => {
      stream.markLive();
      handlers.current.onLive();
    });
    stream.start();
    const online = () => stream.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      offConnected();
      stream.stop();
      void ws.dispose();
    };
  }, [client]);
  return status;
}
