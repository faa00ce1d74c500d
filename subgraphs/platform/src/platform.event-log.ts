import { Violations, type EventLogPort, type LoggedEvent } from '@bizosaas/domain';

/** Log entries one page reads at most, matching or not: the cost of a request is bounded, whatever it asks. */
export const EVENT_LOG_SCAN_LIMIT = 2_000;
const READ_BATCH = 500;
const CURSOR = /^[0-9-]{1,40}$/;

export interface EventLogQuery {
  /** Only events that occurred at or after this instant; all retained when null. */
  readonly since: Date | null;
  /** Only these event types; all when null or empty. */
  readonly types: readonly string[] | null;
  /** 1-500 events per page. */
  readonly first: number;
  /** Read after this cursor (a previous page's endCursor); from the oldest retained event when null. */
  readonly after: string | null;
}

export interface EventLogPageView {
  readonly events: readonly LoggedEvent[];
  /** Where the page stopped reading: the next page's `after`, and the cursor to subscribe after. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/**
 * A page of the tenant's retained events, oldest first, filtered by time and type. It reads the log
 * forward from `after` and stops at `first` matches, at the end of the log, or after EVENT_LOG_SCAN_LIMIT
 * entries (then the page may hold fewer than `first`, even none, with hasNextPage true). The log is
 * ordered by position, not by occurredAt; an event published late with an earlier occurredAt is judged
 * by its own time. Raises ValidationError naming `first`, `after` or `since`.
 */
export async function readEventLog(log: Pick<EventLogPort, 'readAfter'>, tenantId: string, query: EventLogQuery): Promise<EventLogPageView> {
  const violations = new Violations();
  if (!Number.isInteger(query.first) || query.first < 1 || query.first > 500) violations.add('first', 'must be a whole number from 1 to 500');
  if (query.after !== null && !CURSOR.test(query.after)) violations.add('after', 'is not a cursor of this event log');
  if (query.since !== null && Number.isNaN(query.since.getTime())) violations.add('since', 'is not a valid date and time');
  violations.throwIfAny();

  const since = query.since?.getTime() ?? null;
  const types = query.types && query.types.length > 0 ? new Set(query.types) : null;
  const events: LoggedEvent[] = [];
  let cursor = query.after;
  let scanned = 0;
  for (;;) {
    const limit = Math.min(READ_BATCH, EVENT_LOG_SCAN_LIMIT - scanned);
    const page = await log.readAfter(tenantId, cursor, limit);
    for (const logged of page.events) {
      cursor = logged.cursor;
      scanned += 1;
      const matches = (types === null || types.has(logged.event.type)) && (since === null || Date.parse(logged.event.occurredAt) >= since);
      if (matches) events.push(logged);
      if (events.length === query.first) return { events, endCursor: cursor, hasNextPage: true };
    }
    if (page.events.length < limit) return { events, endCursor: cursor, hasNextPage: false };
    if (scanned >= EVENT_LOG_SCAN_LIMIT) return { events, endCursor: cursor, hasNextPage: true };
  }
}
