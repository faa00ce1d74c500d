import { print } from 'graphql';
import { LiveEventsDocument, type LiveEventsSubscription } from '../__generated__/graphql';
import type { StreamEvent } from './event-stream';
import { useLiveSocket, type LiveStatus } from './use-live-socket';

const LIVE_EVENTS = print(LiveEventsDocument);

/**
 * Domain events of the given types, live, resumed from the last cursor after any drop (the socket's
 * lifecycle is useLiveSocket's).
 */
export function useEventStream(
  types: readonly string[],
  onEvent: (event: StreamEvent) => void,
  /** `after`: start right after this cursor (events since then first); `enabled: false` waits (e.g. for that cursor). */
  start: { readonly after?: string | null; readonly enabled?: boolean } = {},
): LiveStatus {
  const key = types.join(',');
  return useLiveSocket<LiveEventsSubscription, StreamEvent>(
    {
      query: LIVE_EVENTS,
      variables: (after) => ({ types: key.split(','), after }),
      eventOf: (data) => (data?.events ? { ...data.events, payload: data.events.payload as unknown } : undefined),
    },
    { onEvent, key, ...start },
  );
}
