/**
 * A subscription that survives network drops without a gap or a duplicate: it remembers the cursor of the
 * last event it delivered and, whenever the socket dies, subscribes again with `after: <that cursor>` (the
 * gateway replays what was missed, then goes live). Events are also dropped by id, so a replayed event that
 * was already shown is never shown twice.
 */
export interface StreamEvent {
  readonly id: string;
  readonly cursor: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * Starts one subscription from `after`; returns a function that ends it. graphql-ws's `client.subscribe` fits.
 * `E` may carry more than the envelope (e.g. the entity an update is about); the stream hands it on as is.
 */
export type SubscribeFrom<E extends StreamEvent = StreamEvent> = (
  after: string | undefined,
  sink: { next(event: E): void; error(reason: unknown): void; complete(): void },
) => () => void;

export interface EventStreamOptions<E extends StreamEvent = StreamEvent> {
  readonly subscribe: SubscribeFrom<E>;
  readonly onEvent: (event: E) => void;
  readonly onStatus?: (status: StreamStatus, detail?: string) => void;
  /** Delay before the n-th consecutive retry (1-based). Default: 0.5 s doubling up to 5 s. */
  readonly backoffMs?: (attempt: number) => number;
  /** How many delivered ids to remember for dropping duplicates. */
  readonly rememberIds?: number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export class ResumableEventStream<E extends StreamEvent = StreamEvent> {
  private cursor: string | undefined;
  private readonly seen = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private retryTimer: unknown;
  private attempt = 0;
  private running = false;
  private generation = 0;

  constructor(private readonly options: EventStreamOptions<E>) {}

  /** The cursor of the last event delivered: where a resumed subscription starts. */
  get lastCursor(): string | undefined {
    return this.cursor;
  }

  start(after?: string): void {
    this.running = true;
    this.cursor = after ?? this.cursor;
    this.connect();
  }

  /** The socket is up and acknowledged: the subscription is live even before its first event. */
  markLive(): void {
    if (!this.running || this.retryTimer !== undefined) return;
    this.attempt = 0;
    this.options.onStatus?.('live');
  }

  /** Resubscribes now (the browser came back online) instead of waiting for the backoff. */
  reconnectNow(): void {
    if (!this.running) return;
    this.clearRetry();
    this.unsubscribe?.();
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearRetry();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.options.onStatus?.('stopped');
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = () => this.running && generation === this.generation;
    this.options.onStatus?.(this.attempt === 0 ? 'connecting' : 'reconnecting');
    this.unsubscribe = this.options.subscribe(this.cursor, {
      next: (event) => {
        if (!current()) return;
        this.attempt = 0;
        this.options.onStatus?.('live');
        this.deliver(event);
      },
      error: (reason) => {
        if (current()) this.scheduleRetry(describe(reason));
      },
      complete: () => {
        if (current()) this.scheduleRetry('the server ended the subscription');
      },
    });
  }

  private deliver(event: E): void {
    this.cursor = event.cursor;
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    const limit = this.options.rememberIds ?? 5_000;
    if (this.seen.size > limit) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.options.onEvent(event);
  }

  private scheduleRetry(reason: string): void {
    this.unsubscribe = undefined;
    this.attempt += 1;
    const delay = (this.options.backoffMs ?? defaultBackoff)(this.attempt);
    this.options.onStatus?.('reconnecting', reason);
    const setTimer = this.options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.retryTimer = setTimer(() => {
      this.retryTimer = undefined;
      if (this.running) this.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer === undefined) return;
    (this.options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)))(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function defaultBackoff(attempt: number): number {
  return Math.min(5_000, 500 * 2 ** (attempt - 1));
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (Array.isArray(reason)) return reason.map((e: { message?: string }) => e.message ?? String(e)).join('; ');
  if (typeof reason === 'object' && reason !== null && 'code' in reason) {
    const close = reason as { code: number; reason?: string };
    return `socket closed (${close.code}${close.reason ? `: ${close.reason}` : ''})`;
  }
  return String(reason);
}
