import type {
  DomainEvent,
  EventBusPort,
  EventHandler,
  EventLogPort,
  EventPage,
  EventSubscription,
  EventTail,
  LoggedEvent,
  SubscribeOptions,
  TailOptions,
} from '@bizosaas/domain';
import { wantsEvent } from './event-filter.js';
import { InProcessEventLog } from './in-process-event-log.js';

interface Registration {
  readonly handler: EventHandler;
  readonly options: SubscribeOptions;
}

/** Members of one consumer group and whose turn it is. */
interface Group {
  readonly members: Registration[];
  turn: number;
}

export interface InProcessEventBusOptions {
  /** Called when a handler throws; the in-process bus does not redeliver (the Redis bus does). */
  readonly onHandlerError?: (error: unknown, event: DomainEvent) => void;
  /** Events kept per tenant for `readAfter`; the oldest are evicted beyond it. Default 10,000. */
  readonly retentionPerTenant?: number;
}

export const DEFAULT_IN_PROCESS_RETENTION_PER_TENANT = 10_000;

// Duplicates come from the outbox relay retrying a batch, seconds apart: a bounded window suffices.
const RECENT_IDS_KEPT = 100_000;

/**
 * The embedded default bus and event log: delivers in the same process, after `publish` has returned (a
 * handler never runs inside the publisher's call stack, so a slow handler cannot slow a mutation), and
 * keeps a bounded ring of recent events per tenant for replay. Nothing survives a restart; with REDIS_URL
 * set the Redis Streams bus takes its place.
 *
 * Subscriptions sharing a `group` take turns (round robin among the members whose filters match the
 * event); a subscription without a group gets every matching event. A handler that throws is reported to
 * `onHandlerError` and not redelivered.
 */
export class InProcessEventBus implements EventBusPort, EventLogPort {
  private readonly solo = new Set<Registration>();
  private readonly groups = new Map<string, Group>();
  private readonly tails = new Set<TailOptions>();
  private readonly log: InProcessEventLog;
  /** Ids published lately, oldest first: a republished event (the outbox relay retrying) is dropped. */
  private readonly recentIds = new Set<string>();
  private closed = false;

  constructor(private readonly options: InProcessEventBusOptions = {}) {
    this.log = new InProcessEventLog(options.retentionPerTenant ?? DEFAULT_IN_PROCESS_RETENTION_PER_TENANT);
  }

  async publish(event: DomainEvent): Promise<void> {
    if (this.closed) throw new Error('The event bus is closed');
    if (this.recentIds.has(event.id)) return;
    this.recentIds.add(event.id);
    if (this.recentIds.size > RECENT_IDS_KEPT) this.recentIds.delete(this.recentIds.values().next().value ?? '');
    const logged = this.log.append(event);
    for (const registration of this.solo) {
      if (wantsEvent(registration.options, event.tenantId, event.type)) this.deliver(registration, event);
    }
    for (const group of this.groups.values()) {
      const candidates = group.members.filter((m) => wantsEvent(m.options, event.tenantId, event.type));
      const chosen = candidates[group.turn % Math.max(candidates.length, 1)];
      if (chosen === undefined) continue;
      group.turn += 1;
      this.deliver(chosen, event);
    }
    if (this.tails.size > 0) queueMicrotask(() => this.fanOut(logged));
  }

  async subscribe(handler: EventHandler, options: SubscribeOptions = {}): Promise<EventSubscription> {
    const registration: Registration = { handler, options };
    const groupName = options.group;
    if (groupName === undefined) {
      this.solo.add(registration);
    } else {
      const group = this.groups.get(groupName) ?? { members: [], turn: 0 };
      group.members.push(registration);
      this.groups.set(groupName, group);
    }
    return {
      unsubscribe: async () => {
        this.solo.delete(registration);
        if (groupName === undefined) return;
        const group = this.groups.get(groupName);
        if (group === undefined) return;
        const index = group.members.indexOf(registration);
        if (index >= 0) group.members.splice(index, 1);
        if (group.members.length === 0) this.groups.delete(groupName);
      },
    };
  }

  async readAfter(tenantId: string, after: string | null, limit: number): Promise<EventPage> {
    return this.log.readAfter(tenantId, after, limit);
  }

  async get(tenantId: string, cursor: string): Promise<LoggedEvent | null> {
    return this.log.get(tenantId, cursor);
  }

  async latestCursor(tenantId: string): Promise<string | null> {
    return this.log.latestCursor(tenantId);
  }

  async tail(options: TailOptions): Promise<EventTail> {
    if (this.closed) throw new Error('The event bus is closed');
    // A fresh object per tail, so the same options can be opened twice and closed independently.
    const registration: TailOptions = { ...options };
    this.tails.add(registration);
    return {
      close: async () => {
        this.tails.delete(registration);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.solo.clear();
    this.groups.clear();
    this.tails.clear();
  }

  private isActive(registration: Registration): boolean {
    if (this.closed) return false;
    if (this.solo.has(registration)) return true;
    const group = registration.options.group;
    return group !== undefined && (this.groups.get(group)?.members.includes(registration) ?? false);
  }

  private deliver(registration: Registration, event: DomainEvent): void {
    queueMicrotask(() => {
      // Unsubscribed or closed in between: the handler asked not to be called any more.
      if (!this.isActive(registration)) return;
      // Through a promise so a handler that throws synchronously is reported like one that rejects.
      Promise.resolve()
        .then(() => registration.handler(event))
        .catch((error: unknown) => this.options.onHandlerError?.(error, event));
    });
  }

  private fanOut(logged: LoggedEvent): void {
    for (const tail of this.tails) {
      try {
        tail.onEvent(logged);
      } catch {
        // TailOptions.onEvent must not throw; one that does must not starve the other tails.
      }
    }
  }
}
