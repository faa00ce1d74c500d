import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { AgentRunLiveDocument } from '../__generated__/graphql';

/**
 * Follows one run through `agentRunUpdated(runId)` while `follow` is true. Each update carries the run
 * (AgentRunFields), which Apollo writes to the cache: status, steps and the pending approval change on
 * every list that shows the run. Returns the model's text streamed since the run's last step or status
 * change (text deltas are not stored on the run until its next step).
 */
export function useAgentRunLive(runId: string, follow: boolean): { streamedText: string; error: unknown } {
  const [streamedText, setStreamedText] = useState('');
  const live = useSubscription(AgentRunLiveDocument, {
    variables: { runId },
    skip: !follow,
    onData: ({ data }) => {
      const update = data.data?.agentRunUpdated;
      if (!update) return;
      if (update.kind === 'TEXT_DELTA') setStreamedText((text) => text + (update.delta ?? ''));
      else setStreamedText('');
    },
  });
  return { streamedText: follow ? streamedText : '', error: live.error };
}
