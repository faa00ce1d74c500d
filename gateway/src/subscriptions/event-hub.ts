import { randomUUID } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Principal } from '../auth.js';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { compareCursors, CURSOR_VARIABLE, type SubscriptionPlan } from './subscription-plan.js';

/** An event as the hub needs it: its tenant stream position, type and tenant. */
export interface HubEvent {
  readonly cursor: string;
  readonly event: { readonly type: string; readonly tenantId: string; readonly payload?: unknown };
}

/** The event log the hub reads (the platform's EventLogPort, structurally). */
export interface HubEventSource {
  readAfter(tenantId: string, after: string | null, limit: number): Promise<{ readonly events: readonly HubEvent[]; readonly gap: boolean }>;
  tail(options: { onEvent(logged: HubEvent): void; onGap?(reason: string): void }): Promise<{ close(): Promise<void> }>;
  /** The newest cursor of a tenant's stream (null when empty): a resume cursor beyond it was never issued. */
  latestCursor(tenantId: string): Promise<string | null>;
}

/** Runs a plan's query for one event, as the principal, through the gateway. */
export type ExecutePlan = (principal: Principal, query: string, variables: Record<string, unknown>, requestId: string) => Promise<ExecutionResult>;

/** Where a subscriber's results go. `push` answers false when the subscriber cannot keep up. */
export interface HubSink {
  push(result: ExecutionResult, cursor: string): boolean;
  /** Ends the subscription with an error the client can act on (resync, resubscribe). */
  fail(code: string, message: string): void;
}

interface Member {
  readonly sink: HubSink;
  live: boolean;
  lastCursor: string | null;
  readonly buffered: { cursor: string; result: ExecutionResult }[];
}

interface Group {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly plan: SubscriptionPlan;
  readonly members: Set<Member>;
}

const REPLAY_PAGE = 100;

/** Bounds of the hub's own queues. */
export interface EventHubOptions {
  /**
   * Live events waiting to be dispatched for one tenant (default 1,000), and live events one replaying
   * subscriber may buffer. Past it the tenant's subscribers are closed with their resume cursor: the hub
   * is behind for all of them, and queueing more would only grow their latency and the process's memory.
   */
  readonly maxPendingPerTenant?: number;
  /** The same when a tenant's oldest pending event has waited this long (default 2 s): latency stays bounded. */
  readonly maxPendingMs?: number;
  /** Longest the hub works before letting the event loop run other callbacks (default 10 ms). */
  readonly sliceMs?: number;
}

/** The code a subscriber is closed with when it (or its tenant's fan-out) cannot keep up. */
export const TOO_SLOW_CODE = 'SUBSCRIBER_TOO_SLOW';

/**
 * One live tail of the event log per gateway process, fanned out in memory. Subscribers with the same
 * tenant, roles and selection form a group: each event is executed once per group, not per subscriber.
 * Events of one tenant are handled in order; `after` replays from the log, then joins live without a gap
 * or a duplicate (live events that arrive during the replay are buffered and filtered by cursor).
 */
export class EventHub {
  private readonly groups = new Map<string, Group>();
  /** Per tenant: live events not yet dispatched. A tenant has an entry only while its drain loop runs. */
  private readonly pending = new Map<string, { readonly logged: HubEvent; readonly at: number }[]>();
  private readonly maxPending: number;
  private readonly maxPendingMs: number;
  private readonly sliceMs: number;
  private sliceStarted = performance.now();
  private tail: { close(): Promise<void> } | undefined;
  /** Subscribers closed because they fell behind; for metrics and the benchmark. */
  shed = 0;

  constructor(
    private readonly source: HubEventSource,
    private readonly execute: ExecutePlan,
    private readonly logger: KitLogger,
    options: EventHubOptions = {},
  ) {
    this.maxPending = options.maxPendingPerTenant ?? 1_000;
    this.maxPendingMs = options.maxPendingMs ?? 2_000;
    this.sliceMs = options.sliceMs ?? 10;
  }

  async start(): Promise<void> {
    this.tail = await this.source.tail({
      onEvent: (logged) => this.enqueue(logged),
      onGap: (reason) => this.failAll('EVENT_STREAM_RESET', `The event stream was reset (${reason}); events may be missing. Resync, then subscribe again.`),
    });
  }

  async close(): Promise<void> {
    await this.tail?.close();
    this.failAll('SHUTTING_DOWN', 'The gateway is shutting down; subscribe again with after: <last cursor>.');
  }

  /** Number of distinct (tenant, roles, selection) groups; for metrics and tests. */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Number of subscribers across all groups. */
  get memberCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.size;
    return count;
  }

  /** Adds a subscriber; resolves once it is live (after replaying from `plan.after`). Returns its remover. */
  async subscribe(principal: Principal, plan: SubscriptionPlan, sink: HubSink): Promise<() => void> {
    // A cursor this subscription cannot resume from fails this subscription alone, never the socket.
    const refusal = plan.after === null ? null : await this.checkAfter(principal.tenantId, plan.after);
    if (refusal) {
      sink.fail(refusal.code, refusal.message);
      return () => {};
    }
    const key = JSON.stringify([principal.tenantId, [...principal.roles].sort(), plan.groupKey]);
    let group = this.groups.get(key);
    if (!group) {
      group = { tenantId: principal.tenantId, principal, plan, members: new Set() };
      this.groups.set(key, group);
    }
    const member: Member = { sink, live: plan.after === null, lastCursor: plan.after, buffered: [] };
    group.members.add(member);
    const remove = () => {
      group.members.delete(member);
      if (group.members.size === 0 && this.groups.get(key) === group) this.groups.delete(key);
    };
    if (plan.after !== null) {
      let live = false;
      try {
        live = await this.replay(group, member, plan.after);
      } catch (error) {
        this.failReplay(member, plan.after, error);
      } finally {
        // A replay that failed or was cut short (gap, subscriber too slow) leaves nothing behind.
        if (!live) remove();
      }
    }
    return remove;
  }

  /** Replays, then joins live. Resolves false when the subscriber was failed or dropped on the way. */
  private async replay(group: Group, member: Member, after: string): Promise<boolean> {
    let cursor = after;
    for (;;) {
      const page = await this.source.readAfter(group.tenantId, cursor, REPLAY_PAGE);
      if (page.gap) {
        member.sink.fail('EVENTS_MISSED', `Events after cursor ${after} are no longer retained. Resync, then subscribe without after.`);
        return false;
      }
      for (const logged of page.events) {
        cursor = logged.cursor;
        if (!matches(group.plan, logged)) continue;
        if (!this.deliver(member, await this.run(group, logged), logged.cursor)) return false;
      }
      if (page.events.length < REPLAY_PAGE) break;
    }
    // Live events that arrived meanwhile, minus those the replay already covered.
    for (const item of member.buffered.splice(0)) {
      if (compareCursors(item.cursor, cursor) > 0) {
        if (!this.deliver(member, item.result, item.cursor)) return false;
        cursor = item.cursor;
      }
    }
    member.lastCursor = cursor;
    member.live = true;
    return true;
  }

  /** Why `after` cannot be resumed from (malformed, or beyond the newest event), or null when it can. */
  private async checkAfter(tenantId: string, after: string): Promise<{ code: string; message: string } | null> {
    if (!CURSOR_SHAPE.test(after)) {
      return { code: 'INVALID_CURSOR', message: `after: "${after.slice(0, 40)}" is not an event cursor; use the cursor of an event you received.` };
    }
    let latest: string | null;
    try {
      latest = await this.source.latestCursor(tenantId);
    } catch (error) {
      this.logger.warn({ tenantId, err: { message: errorMessage(error) } }, 'could not read the newest event cursor');
      return { code: 'SERVICE_UNAVAILABLE', message: 'The event log is unavailable; subscribe again shortly with the same after.' };
    }
    if (latest === null || compareCursors(after, latest) > 0) {
      return {
        code: 'CURSOR_AHEAD',
        message: `after: ${after} is newer than the newest event (${latest ?? 'none'}): it was not issued by this event stream, or the stream was reset. Resync, then subscribe without after.`,
      };
    }
    return null;
  }

  /** A replay that threw: a cursor the log refuses is the client's to fix; anything else is retryable. */
  private failReplay(member: Member, after: string, error: unknown): void {
    if (error instanceof Error && error.name === 'ValidationError') {
      member.sink.fail('INVALID_CURSOR', `after: ${after} is not a cursor of this event log; use the cursor of an event you received.`);
      return;
    }
    this.logger.warn({ cursor: after, err: { message: errorMessage(error) } }, 'subscription replay failed');
    member.sink.fail('SERVICE_UNAVAILABLE', `The event log is unavailable; subscribe again shortly with after: ${member.lastCursor ?? after}.`);
  }

  private enqueue(logged: HubEvent): void {
    const tenantId = logged.event.tenantId;
    const queue = this.pending.get(tenantId);
    const at = performance.now();
    if (queue === undefined) {
      this.pending.set(tenantId, [{ logged, at }]);
      void this.drain(tenantId);
    } else if (queue.length >= this.maxPending || at - (queue[0]?.at ?? at) > this.maxPendingMs) {
      queue.length = 0; // nobody is left to receive them: the tenant's subscribers are closed below
      this.shedTenant(tenantId);
    } else {
      queue.push({ logged, at });
    }
  }

  /** Dispatches a tenant's events one at a time, in order; other tenants' loops run meanwhile. */
  private async drain(tenantId: string): Promise<void> {
    const queue = this.pending.get(tenantId);
    for (let item = queue?.shift(); item !== undefined; item = queue?.shift()) {
      const { logged } = item;
      try {
        await this.dispatch(logged);
      } catch (error) {
        this.logger.error({ tenantId, cursor: logged.cursor, err: { message: error instanceof Error ? error.message : String(error) } }, 'subscription dispatch failed');
      }
    }
    this.pending.delete(tenantId);
  }

  /**
   * Closes every subscriber of the tenant with the cursor it can resume from without a gap. The groups
   * leave at once (nothing more is dispatched to them); the closing itself runs in slices, so closing a
   * thousand sockets does not hold the event loop.
   */
  private shedTenant(tenantId: string): void {
    const members: Member[] = [];
    for (const [key, group] of this.groups) {
      if (group.tenantId !== tenantId) continue;
      members.push(...group.members);
      this.groups.delete(key);
    }
    this.logger.warn({ tenantId, subscribers: members.length, pendingLimit: this.maxPending }, 'subscription fan-out fell behind; subscribers closed with their resume cursor');
    void this.closeInSlices(members);
  }

  private async closeInSlices(members: readonly Member[]): Promise<void> {
    this.sliceStarted = performance.now();
    for (const member of members) {
      await this.yieldIfDue();
      this.tooSlow(member);
    }
  }

  private forget(group: Group): void {
    for (const [key, candidate] of this.groups) if (candidate === group) this.groups.delete(key);
  }

  private tooSlow(member: Member): void {
    this.shed += 1;
    member.buffered.length = 0;
    member.sink.fail(TOO_SLOW_CODE, `Too slow: subscribe again with after: ${member.lastCursor ?? 'none'}`);
  }

  /** Lets timers and I/O run when the hub has held the event loop for a slice. */
  private async yieldIfDue(): Promise<void> {
    if (performance.now() - this.sliceStarted < this.sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStarted = performance.now();
  }

  private async dispatch(logged: HubEvent): Promise<void> {
    for (const group of [...this.groups.values()]) {
      if (group.tenantId !== logged.event.tenantId || !matches(group.plan, logged)) continue;
      const result = await this.run(group, logged);
      for (const member of [...group.members]) {
        await this.yieldIfDue();
        if (!member.live) {
          if (member.buffered.length >= this.maxPending) {
            group.members.delete(member);
            this.tooSlow(member);
            if (group.members.size === 0) this.forget(group);
          } else {
            member.buffered.push({ cursor: logged.cursor, result });
          }
          continue;
        }
        if (member.lastCursor !== null && compareCursors(logged.cursor, member.lastCursor) <= 0) continue;
        this.deliver(member, result, logged.cursor);
      }
    }
  }

  private deliver(member: Member, result: ExecutionResult, cursor: string): boolean {
    member.lastCursor = cursor;
    return member.sink.push(result, cursor);
  }

  private run(group: Group, logged: HubEvent): Promise<ExecutionResult> {
    return this.execute(group.principal, group.plan.query, { ...group.plan.variables, [CURSOR_VARIABLE]: logged.cursor }, `sub-${randomUUID()}`);
  }

  private failAll(code: string, message: string): void {
    for (const group of this.groups.values()) for (const member of group.members) member.sink.fail(code, message);
    this.groups.clear();
  }
}

/** Redis stream ids (`ms-seq`) and the in-process log's sequences; bounded so BigInt never sees junk. */
const CURSOR_SHAPE = /^\d{1,20}(-\d{1,20})?$/;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function matches(plan: SubscriptionPlan, logged: HubEvent): boolean {
  if (plan.eventTypes !== null && !plan.eventTypes.includes(logged.event.type)) return false;
  const filter = Object.entries(plan.payloadFilter ?? {});
  if (filter.length === 0) return true;
  const payload = logged.event.payload;
  return typeof payload === 'object' && payload !== null && filter.every(([key, value]) => (payload as Record<string, unknown>)[key] === value);
}
