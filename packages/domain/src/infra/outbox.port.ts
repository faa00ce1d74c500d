import type { DomainEvent } from '../events/domain-event.js';

/** Adds one event to the unit of work in hand; it is stored with the change, or not at all. */
export type RecordEvent = (event: DomainEvent) => void;

/**
 * A change and its events as one unit (DESIGN.md, "Events never lost: the outbox"). An application
 * service never publishes to the bus itself: it makes the change inside `commit` and records the events;
 * a relay publishes them afterwards, at least once, in order per tenant, with the event's id unchanged
 * (consumers drop duplicates by id). So a mutation succeeds while the bus is down, and an acknowledged
 * change always has its event.
 */
export interface OutboxPort {
  /**
   * Runs `change` as one unit of work. Writes that an adapter makes to the platform's database (the
   * sandbox connectors) join the unit's transaction, and the events given to `record` are stored in the
   * same transaction: both are committed, or neither.
   *
   * Errors: whatever `change` throws (nothing is stored), or the database's error when the unit cannot
   * be committed (nothing is stored either).
   */
  commit<T>(change: (record: RecordEvent) => Promise<T>): Promise<T>;
}
