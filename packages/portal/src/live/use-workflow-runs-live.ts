import { useApolloClient } from '@apollo/client/react';
import { print } from 'graphql';
import { WorkflowRunFieldsFragmentDoc, WorkflowRunsLiveDocument, type WorkflowRunFieldsFragment, type WorkflowRunsLiveSubscription } from '../__generated__/graphql';
import type { StreamEvent, StreamStatus } from './event-stream';
import { useLiveSocket } from './use-live-socket';

const RUNS_LIVE = print(WorkflowRunsLiveDocument);

/** An update's envelope, with the run it is about. */
type RunUpdate = StreamEvent & { readonly run: WorkflowRunFieldsFragment };

/**
 * The tenant's workflow run transitions (`workflowRunsUpdated`), resumed from the last cursor after any drop
 * (the socket's lifecycle is useLiveSocket's, as for useEventStream). Each update's run is written to the
 * cache; `onRun` hears of it (the page reads its list again for a run it lacks), and `onLive` each time the
 * stream is (again) live, so the page can read what it may have missed before that.
 */
export function useWorkflowRunsLive(onRun: (run: WorkflowRunFieldsFragment) => void, onLive: () => void): StreamStatus {
  const client = useApolloClient();
  const live = useLiveSocket<WorkflowRunsLiveSubscription, RunUpdate>(
    {
      query: RUNS_LIVE,
      variables: (after) => ({ after }),
      eventOf: (data) => {
        const update = data?.workflowRunsUpdated;
        return update ? { id: update.id, cursor: update.cursor, type: update.kind, occurredAt: update.occurredAt, payload: null, run: update.run } : undefined;
      },
    },
    {
      onEvent: ({ run }) => {
        client.cache.writeFragment({ fragment: WorkflowRunFieldsFragmentDoc, fragmentName: 'WorkflowRunFields', data: run });
        onRun(run);
      },
      onLive,
    },
  );
  return live.status;
}
