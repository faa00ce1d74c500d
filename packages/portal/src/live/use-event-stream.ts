import { print } from 'graphql';
import { useEffect, useRef, useState } from 'react';
import { LiveEventsDocument, type LiveEventsSubscription } from '../__generated__/graphql';
import { createWsClient } from '../apollo';
import { ResumableEventStream, type StreamEvent, type StreamStatus } from './event-stream';

const LIVE_EVENTS = print(LiveEventsDocument);

/**
 * Domain events of the given types, live, resumed from the last cursor after any drop. Uses its own
 * graphql-ws client without automatic retries: graphql-ws would resubscribe with the original variables
 * (no `after`, so a gap), while ResumableEventStream resubscribes from where it stopped.
 */
export function useEventStream(
  types: readonly string[],
  onEvent: (event: StreamEvent) => void,
  /** `after`: start right after this cursor (events since then first); `enabled: false` waits (e.g. for that cursor). */
  start: { readonly after?: string | null; readonly enabled?: boolean } = {},
): { status: StreamStatus; detail: string | undefined } {
  const [status, setStatus] = useState<{ status: StreamStatus; detail: string | undefined }>({ status: 'connecting', detail: undefined });
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');
  const enabled = start.enabled ?? true;
  const after = start.after ?? undefined;
  useEffect(() => {
    if (!enabled) return undefined;
    const client = createWsClient({ retryAttempts: 0 });
    const stream = new ResumableEventStream({
      subscribe: (after, sink) =>
        client.subscribe<LiveEventsSubscription>(
          { query: LIVE_EVENTS, variables: { types: key.split(','), after: after ?? null } },
          {
            next: (result) => {
              const event = result.data?.events;
              if (event) sink.next({ ...event, payload: event.payload as unknown });
              else if (result.errors) sink.error(result.errors);
            },
            error: (reason) => sink.error(reason),
            complete: () => sink.complete(),
          },
        ),
      onEvent: (event) => handler.current(event),
      onStatus: (next, detail) => setStatus({ status: next, detail }),
    });
    const offConnected = client.on('connected', () => stream.markLive());
    stream.start(after);
    const online = () => stream.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      offConnected();
      stream.stop();
      void client.dispose();
    };
  }, [key, enabled, after]);
  return status;
}
