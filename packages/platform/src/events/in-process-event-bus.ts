import type { DomainEvent, EventBusPort, EventHandler, EventSubscription, SubscribeOptions } from '@bizosaas/domain';

interface Registration {
  readonly handler: EventHandler;
  readonly options: SubscribeOptions;
}

export interface InProcessEventBusOptions {
  /** Called when a handler throws; the in-process bus does not redeliver (the Redis bus does). */
  readonly onHandlerError?: (error: unknown, event: DomainEvent) => void;
}

/**
 * The embedded default bus: delivers in the same process, after `publish` has returned (a handler never
 * runs inside the publisher's call stack, so a slow handler cannot slow a mutation). Nothing survives a
 * restart; with REDIS_URL set the Redis Streams bus takes its place.
 */
export class InProcessEventBus implements EventBusPort {
  private readonly registrations = new Set<Registration>();
  private closed = false;

  constructor(private readonly options: InProcessEventBusOptions = {}) {}

  async publish(event: DomainEvent): Promise<void> {
    if (this.closed) throw new Error('The event bus is closed');
    for (const registration of this.registrations) {
      if (!matches(registration.options, event)) continue;
      queueMicrotask(() => {
        // Unsubscribed or closed in between: the handler asked not to be called any more.
        if (this.closed || !this.registrations.has(registration)) return;
        // Through a promise so a handler that throws synchronously is reported like one that rejects.
        Promise.resolve()
          .then(() => registration.handler(event))
          .catch((error: unknown) => this.options.onHandlerError?.(error, event));
      });
    }
  }

  async subscribe(handler: EventHandler, options: SubscribeOptions = {}): Promise<EventSubscription> {
    const registration: Registration = { handler, options };
    this.registrations.add(registration);
    return {
      unsubscribe: async () => {
        this.registrations.delete(registration);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.registrations.clear();
  }
}

function matches(options: SubscribeOptions, event: DomainEvent): boolean {
  if (options.tenantId !== undefined && options.tenantId !== event.tenantId) return false;
  return options.types === undefined || options.types.includes(event.type);
}
