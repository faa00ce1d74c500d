/** Fakes shared by the EventHub tests: an event log driven by hand, a counting executor, a recording sink. */
import type { ExecutionResult } from 'graphql';
import type { Principal } from '../auth.js';
import { EventHub, type EventHubOptions, type ExecutePlan, type HubEvent, type HubEventSource, type HubSink } from './event-hub.js';
import type { SubscriptionPlan } from './subscription-plan.js';

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every queued promise chain and timer-free continuation run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** An in-memory event log: readAfter over an array, a tail driven by hand. */
export class FakeEventLog implements HubEventSource {
  readonly events: HubEvent[] = [];
  private listener: { onEvent(logged: HubEvent): void; onGap?(reason: string): void } | undefined;
  private sequence = 0;
  readonly reads: { tenantId: string; after: string | null; limit: number }[] = [];
  /** When set, readAfter waits for it; `snapshot` says whether its page is read before or after waiting. */
  gate: { until: Promise<void>; snapshot: 'before' | 'after' } | undefined;
  gap = false;
  tailClosed = false;

  async readAfter(tenantId: string, after: string | null, limit: number): Promise<{ events: readonly HubEvent[]; gap: boolean }> {
    this.reads.push({ tenantId, after, limit });
    if (this.failure) throw this.failure;
    const page = () => this.events.filter((e) => e.event.tenantId === tenantId && (after === null || e.cursor > after)).slice(0, limit);
    const gate = this.gate;
    if (!gate) return { events: page(), gap: this.gap };
    const early = page();
    await gate.until;
    return { events: gate.snapshot === 'before' ? early : page(), gap: this.gap };
  }

  /** When set, readAfter and latestCursor throw it (the log is down, or refuses the cursor). */
  failure: Error | undefined;

  async latestCursor(tenantId: string): Promise<string | null> {
    if (this.failure) throw this.failure;
    return this.events.filter((e) => e.event.tenantId === tenantId).at(-1)?.cursor ?? null;
  }

  async tail(options: { onEvent(logged: HubEvent): void; onGap?(reason: string): void }): Promise<{ close(): Promise<void> }> {
    this.listener = options;
    return { close: async () => void (this.tailClosed = true) };
  }

  /** Appends to the log only (as if published before anyone listened). */
  append(tenantId: string, type = 'crm.deal.stage_changed.v1'): HubEvent {
    // Fixed-width sequences so string order is cursor order, like the in-memory log's.
    const logged: HubEvent = { cursor: `1700000000000-${String(++this.sequence).padStart(6, '0')}`, event: { type, tenantId } };
    this.events.push(logged);
    return logged;
  }

  /** Appends and emits on the tail, as a publish does. */
  publish(tenantId: string, type?: string): HubEvent {
    const logged = this.append(tenantId, type);
    this.listener?.onEvent(logged);
    return logged;
  }

  /** Emits on the tail an event already in the log (a duplicate delivery). */
  emit(logged: HubEvent): void {
    this.listener?.onEvent(logged);
  }

  breakTail(reason: string): void {
    this.listener?.onGap?.(reason);
  }
}

/** Counts executions; answers `{ x: <cursor> }`; a cursor can be held back with `hold`. */
export function fakeExecute() {
  const calls: { principal: Principal; query: string; variables: Record<string, unknown> }[] = [];
  const held = new Map<string, Promise<void>>();
  let failing: string | undefined;
  const execute: ExecutePlan = async (principal, query, variables) => {
    calls.push({ principal, query, variables });
    const cursor = String(variables.__cursor);
    await held.get(cursor);
    if (cursor === failing) throw new Error('subgraph down');
    return { data: { x: cursor } };
  };
  return {
    execute,
    calls,
    hold(cursor: string): () => void {
      const gate = deferred();
      held.set(cursor, gate.promise);
      return () => gate.resolve();
    },
    failOn(cursor: string) {
      failing = cursor;
    },
  };
}

export class RecordingSink implements HubSink {
  readonly pushed: { cursor: string; result: ExecutionResult }[] = [];
  readonly failures: { code: string; message: string }[] = [];
  accept = true;
  push(result: ExecutionResult, cursor: string): boolean {
    this.pushed.push({ cursor, result });
    return this.accept;
  }
  fail(code: string, message: string): void {
    this.failures.push({ code, message });
  }
  get cursors(): string[] {
    return this.pushed.map((p) => p.cursor);
  }
}

export const acmeViewer: Principal = { tenantId: 'ten_acme', userId: 'key_1', roles: ['viewer'] };
export const acmeViewer2: Principal = { tenantId: 'ten_acme', userId: 'key_2', roles: ['viewer'] };
export const acmeAdmin: Principal = { tenantId: 'ten_acme', userId: 'key_3', roles: ['admin'] };
export const globexViewer: Principal = { tenantId: 'ten_globex', userId: 'key_4', roles: ['viewer'] };

export function plan(overrides: Partial<SubscriptionPlan> = {}): SubscriptionPlan {
  return {
    responseKey: 'x',
    query: 'query SubscriptionEvent($__cursor: String!) { x: event(cursor: $__cursor) { cursor } }',
    variables: { pretty: true },
    after: null,
    eventTypes: null,
    groupKey: 'selection-1',
    ...overrides,
  };
}

export async function startHub() {
  return startHubWith({});
}

/** A hub with non-default bounds. */
export async function startHubWith(options: EventHubOptions) {
  const log = new FakeEventLog();
  const exec = fakeExecute();
  const errors: Record<string, unknown>[] = [];
  const hub = new EventHub(log, exec.execute, { info() {}, warn() {}, error: (object) => void errors.push(object) }, options);
  await hub.start();
  return { log, exec, hub, errors };
}
