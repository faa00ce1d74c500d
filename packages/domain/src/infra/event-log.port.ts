import type { DomainEvent } from '../events/domain-event.js';

/** An event with its position in its tenant's stream. */
export interface LoggedEvent {
  /**
   * Opaque, ordered position in the tenant's stream (a Redis stream id, or a sequence in memory). Pass it
   * back as `after` to resume right after this event.
   */
  readonly cursor: string;
  readonly event: DomainEvent;
}

/** What `readAfter` found. */
export interface EventPage {
  readonly events: readonly LoggedEvent[];
  /**
   * True when `after` is older than the retention window (or the log was reset, e.g. a Redis restart
   * without persistence): events may have been missed and the reader should resync its state.
   */
  readonly gap: boolean;
}

/** A live tail: every event of every tenant, as published, from the moment it is opened. */
export interface EventTail {
  close(): Promise<void>;
}

export interface TailOptions {
  /** Called for each new event, in publish order per tenant. Must not throw (errors are the caller's). */
  readonly onEvent: (logged: LoggedEvent) => void;
  /**
   * Called when the tail may have missed events (the connection dropped and the log was reset), so
   * listeners can tell their subscribers to resync from their cursors.
   */
  readonly onGap?: (reason: string) => void;
}

/**
 * The replayable side of the event bus: per-tenant streams with bounded retention, read from a cursor,
 * and one live tail per process that fans out in memory (GraphQL subscriptions). Implemented beside
 * `EventBusPort` by the same bus (in-process and Redis Streams).
 *
 * Errors: `ConnectorError('upstream_unavailable')` when the backing store cannot be reached;
 * `ValidationError` (field `after`) for a cursor this log never issued.
 */
export interface EventLogPort {
  /** Up to `limit` events of the tenant strictly after `after` (from the oldest retained when null), oldest first. */
  readAfter(tenantId: string, after: string | null, limit: number): Promise<EventPage>;
  /** The tenant's event at exactly `cursor`, or null when it is not (or no longer) retained. */
  get(tenantId: string, cursor: string): Promise<LoggedEvent | null>;
  /** The cursor of the tenant's newest event, or null when its stream is empty. */
  latestCursor(tenantId: string): Promise<string | null>;
  /** Opens a live tail of every tenant's events. */
  tail(options: TailOptions): Promise<EventTail>;
}
