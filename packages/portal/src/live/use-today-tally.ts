import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DashboardEventLogDocument, type DashboardEventLogQuery } from '../__generated__/graphql';
import { DASHBOARD_EVENT_TYPES, emptyTally, foldEvent, type DashboardTally } from './dashboard-tally';
import type { StreamEvent } from './event-stream';
import { msUntilNextLocalDay, OncePerEvent, startOfLocalDay } from './today';
import { useEventStream } from './use-event-stream';

type History = { phase: 'loading' } | { phase: 'failed'; error: unknown } | { phase: 'loaded'; after: string | null };

/**
 * Today's figures (from the browser's midnight): today's events are read with the eventLog query, page by
 * page, then the subscription goes on after the last cursor the query read, so nothing is missed between
 * the two; an event both deliver is counted once. At midnight the figures start again from zero.
 */
export function useTodayTally() {
  const client = useApolloClient();
  const [day, setDay] = useState(() => startOfLocalDay(new Date()));
  const [tally, setTally] = useState<DashboardTally>(emptyTally);
  const [history, setHistory] = useState<History>({ phase: 'loading' });
  const once = useRef(new OncePerEvent());
  const [attempt, setAttempt] = useState(0);

  const count = useCallback((events: readonly StreamEvent[]) => {
    const fresh = events.filter((event) => once.current.first(event.id));
    if (fresh.length > 0) setTally((current) => fresh.reduce(foldEvent, current));
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setDay(startOfLocalDay(new Date())), msUntilNextLocalDay(new Date()) + 1_000);
    return () => clearTimeout(timer);
  }, [day]);

  useEffect(() => {
    let cancelled = false;
    once.current = new OncePerEvent();
    setTally(emptyTally);
    setHistory({ phase: 'loading' });
    void (async () => {
      let after: string | null = null;
      for (;;) {
        const { data }: { data?: DashboardEventLogQuery | undefined } = await client.query({ query: DashboardEventLogDocument, variables: { since: day.toISOString(), types: [...DASHBOARD_EVENT_TYPES], after }, fetchPolicy: 'no-cache' });
        if (cancelled || !data) return;
        count(data.eventLog.events.map((event) => ({ ...event, payload: event.payload as unknown })));
        after = data.eventLog.endCursor ?? after;
        if (!data.eventLog.hasNextPage) break;
      }
      if (!cancelled) setHistory({ phase: 'loaded', after });
    })().catch((error: unknown) => {
      if (!cancelled) setHistory({ phase: 'failed', error });
    });
    return () => {
      cancelled = true;
    };
  }, [client, count, day, attempt]);

  const stream = useEventStream(DASHBOARD_EVENT_TYPES, (event) => count([event]), {
    enabled: history.phase === 'loaded',
    after: history.phase === 'loaded' ? history.after : null,
  });
  return { day, tally, history, stream, retry: () => setAttempt((n) => n + 1) };
}
