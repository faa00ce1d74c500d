import { useEffect, useRef, useState } from 'react';
import { createWsClient } from '../apollo';
import { ResumableEventStream, type StreamEvent, type StreamStatus } from './event-stream';

/** A subscription that can resume: its printed document, its variables from a cursor, the event in a result. */
export interface LiveSubscription<TData, E extends StreamEvent> {
  readonly query: string;
  readonly variables: (after: string | null) => Record<string, unknown>;
  /** The event a result's data carries; none means the result is an error (its errors end the subscription). */
  readonly eventOf: (data: TData | null | undefined) => E | null | undefined;
}

export interface LiveSocketOptions<E extends StreamEvent> {
  readonly onEvent: (event: E) => void;
  /** The socket is (again) up and acknowledged: the stream is live, even before its first event. */
  readonly onLive?: () => void;
  /** Start right after this cursor (what happened since then comes first). */
  readonly after?: string | null;
  /** `false` waits (e.g. for that cursor): no socket until it is true. */
  readonly enabled?: boolean;
  /** Start afresh (new socket, no cursor but `after`) when this changes, e.g. the event types asked for. */
  readonly key?: string;
}

export interface LiveStatus {
  readonly status: StreamStatus;
  readonly detail: string | undefined;
}

/**
 * The lifecycle every live hook shares: open its own graphql-ws client without automatic retries (graphql-ws
 * would resubscribe with the original variables, so without `after`: a gap), subscribe through a
 * ResumableEventStream (which resubscribes from the last cursor after any drop and drops duplicates), mark
 * it live when the socket is acknowledged, reconnect at once when the browser is back online, and close
 * the socket on unmount. The subscription and the handlers are read when used, so they may change freely.
 */
export function useLiveSocket<TData, E extends StreamEvent>(subscription: LiveSubscription<TData, E>, options: LiveSocketOptions<E>): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>({ status: 'connecting', detail: undefined });
  const latest = useRef({ subscription, options });
  latest.current = { subscription, options };
  const enabled = options.enabled ?? true;
  const after = options.after ?? undefined;
  const key = options.key ?? '';
  useEffect(() => {
    if (!enabled) return undefined;
    const client = createWsClient({ retryAttempts: 0 });
    const stream = new ResumableEventStream<E>({
      subscribe: (from, sink) =>
        client.subscribe<TData>(
          { query: latest.current.subscription.query, variables: latest.current.subscription.variables(from ?? null) },
          {
            next: (result) => {
              const event = latest.current.subscription.eventOf(result.data);
              if (event) sink.next(event);
              else if (result.errors) sink.error(result.errors);
            },
            error: (reason) => sink.error(reason),
            complete: () => sink.complete(),
          },
        ),
      onEvent: (event) => latest.current.options.onEvent(event),
      // Every event reports 'live'; an unchanged status keeps the same state, so the page does not render again.
      onStatus: (next, detail) => setStatus((current) => (current.status === next && current.detail === detail ? current : { status: next, detail })),
    });
    const offConnected = client.on('connected', () => {
      stream.markLive();
      latest.current.options.onLive?.();
    });
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
