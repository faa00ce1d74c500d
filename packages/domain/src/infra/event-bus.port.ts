import type { DomainEvent } from '../events/domain-event.js';

/** Handles one event. Throwing means "not handled": the bus redelivers (at-least-once buses) or logs. */
export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface EventSubscription {
  /** Stops delivery to the handler. Idempotent. */
  unsubscribe(): Promise<void>;
}

export interface SubscribeOptions {
  /** Only these event types; all types when omitted. */
  readonly types?: readonly string[];
  /** Only this tenant's events; all tenants when omitted (platform handlers). */
  readonly tenantId?: string;
  /**
   * Consumer group name for handlers that must see each event once per group (load-balanced, acknowledged).
   * Buses without groups treat every subscription as its own group.
   */
  readonly group?: string;
}

/**
 * Publishes domain events and delivers them to handlers.
 *
 * `publish` resolves once the event is durably accepted by the bus (in memory for the in-process bus)
 * and raises `ConnectorError('upstream_unavailable')` when the bus cannot be reached; it never drops an
 * event silently. Delivery to handlers is asynchronous and never blocks the publisher.
 */
export interface EventBusPort {
  publish(event: DomainEvent): Promise<void>;
  subscribe(handler: EventHandler, options?: SubscribeOptions): Promise<EventSubscription>;
  /** Releases connections and stops delivery loops. */
  close(): Promise<void>;
}
