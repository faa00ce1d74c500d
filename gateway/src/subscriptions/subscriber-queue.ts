import { GraphQLError, type ExecutionResult } from 'graphql';
import type { HubSink } from './event-hub.js';

/**
 * One subscription's outbox: the hub pushes, graphql-ws pulls as fast as the socket drains. When a
 * subscriber falls `limit` results behind it is dropped through `onOverflow` (the bridge closes the socket
 * with a reason naming the cursor to resume from), so one slow client cannot grow memory without bound.
 * It is dropped the same way when its oldest waiting result is older than `maxLagMs`: a client that
 * reads, but slower than events come, would otherwise see its latency grow until the count limit.
 */
export class SubscriberQueue implements HubSink, AsyncIterableIterator<ExecutionResult> {
  private readonly items: { result: ExecutionResult; cursor: string | null; at: number }[] = [];
  private readonly maxLagMs: number;
  private readonly now: () => number;
  private waiting: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  private finished = false;
  /** The cursor of the last result the consumer took: where a dropped subscriber resumes without a gap. */
  private taken: string | null = null;
  onReturn: () => void = () => {};

  constructor(
    private readonly limit: number,
    private readonly onOverflow: (lastDeliveredCursor: string | null) => void,
    /** The subscription's own `after`: where it resumes while it has taken nothing yet. */
    private readonly startAfter: string | null = null,
    options: { readonly maxLagMs?: number; readonly now?: () => number } = {},
  ) {
    this.maxLagMs = options.maxLagMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Where this subscription resumes without a gap: its last taken cursor, else its own `after`. */
  get resumeCursor(): string | null {
    return this.taken ?? this.startAfter;
  }

  push(result: ExecutionResult, cursor: string): boolean {
    if (this.finished) return false;
    const oldest = this.items[0];
    if (this.items.length >= this.limit || (oldest !== undefined && this.now() - oldest.at > this.maxLagMs)) {
      const resumeFrom = this.taken;
      this.finish();
      this.onOverflow(resumeFrom);
      return false;
    }
    this.offer(result, cursor);
    return true;
  }

  fail(code: string, message: string): void {
    if (this.finished) return;
    this.offer({ errors: [new GraphQLError(message, { extensions: { code } })] }, null);
    this.finished = true;
    this.onReturn();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const item = this.items.shift();
    if (item) {
      if (item.cursor !== null) this.taken = item.cursor;
      return { value: item.result, done: false };
    }
    if (this.finished) return { value: undefined, done: true };
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private offer(result: ExecutionResult, cursor: string | null): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      if (cursor !== null) this.taken = cursor;
      waiting({ value: result, done: false });
    } else {
      this.items.push({ result, cursor, at: this.now() });
    }
  }

  private finish(): void {
    if (this.finished && !this.waiting) return;
    this.finished = true;
    this.items.length = 0;
    this.onReturn();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }
}
