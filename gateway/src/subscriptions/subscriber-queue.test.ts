import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EventHub, type HubEvent, type HubEventSource } from './event-hub.js';
import { SubscriberQueue } from './subscriber-queue.js';

const result = (n: number): ExecutionResult => ({ data: { n } });

function queue(limit = 10) {
  const overflows: (string | null)[] = [];
  const q = new SubscriberQueue(limit, (cursor) => overflows.push(cursor));
  let returns = 0;
  q.onReturn = () => void returns++;
  return { q, overflows, returns: () => returns };
}

/** Whether a promise has settled by the time queued continuations have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('SubscriberQueue', () => {
  it('resumes from its own after until the consumer takes a result, then from the last taken cursor', async () => {
    const q = new SubscriberQueue(10, () => {}, 'c0');
    expect(q.resumeCursor).toBe('c0');
    q.push(result(1), 'c1');
    q.push(result(2), 'c2');
    // Queued but not taken: a resume from c2 would skip c1.
    expect(q.resumeCursor).toBe('c0');
    await q.next();
    expect(q.resumeCursor).toBe('c1');
    expect(new SubscriberQueue(10, () => {}).resumeCursor).toBeNull();
  });

  it('hands out pushed results in order, and a pull before a push resolves with that push', async () => {
    const { q } = queue();
    const pending = q.next();
    expect(await isSettled(pending)).toBe(false);
    expect(q.push(result(1), 'c1')).toBe(true);
    expect(await pending).toEqual({ value: result(1), done: false });
    q.push(result(2), 'c2');
    q.push(result(3), 'c3');
    expect(await q.next()).toEqual({ value: result(2), done: false });
    expect(await q.next()).toEqual({ value: result(3), done: false });
    expect(await isSettled(q.next())).toBe(false);
  });

  it('counts only results not yet pulled against the limit', async () => {
    const { q, overflows } = queue(2);
    for (let i = 1; i <= 6; i++) {
      expect(q.push(result(i), `c${i}`)).toBe(true);
      expect(await q.next()).toEqual({ value: result(i), done: false });
    }
    expect(q.push(result(7), 'c7')).toBe(true);
    expect(q.push(result(8), 'c8')).toBe(true);
    expect(overflows).toEqual([]);
  });

  it('drops a subscriber that falls more than `limit` behind: onOverflow once, push answers false, the iterator ends', async () => {
    const { q, overflows, returns } = queue(2);
    expect(q.push(result(1), 'c1')).toBe(true);
    expect(q.push(result(2), 'c2')).toBe(true);
    expect(overflows).toEqual([]);
    expect(q.push(result(3), 'c3')).toBe(false);
    expect(overflows).toHaveLength(1);
    expect(returns()).toBe(1);
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(q.push(result(4), 'c4')).toBe(false);
    expect(overflows).toHaveLength(1);
    await q.return();
    expect(returns()).toBe(1);
  });

  it('drops a subscriber whose oldest waiting result is older than maxLagMs, naming the last cursor it took', async () => {
    let now = 0;
    const overflows: (string | null)[] = [];
    const q = new SubscriberQueue(1_000, (cursor) => overflows.push(cursor), null, { maxLagMs: 100, now: () => now });
    q.push(result(1), 'c1');
    q.push(result(2), 'c2');
    await q.next(); // took c1; c2 waits from t=0
    now = 100;
    expect(q.push(result(3), 'c3')).toBe(true); // exactly at the bound: kept
    now = 101;
    expect(q.push(result(4), 'c4')).toBe(false);
    expect(overflows).toEqual(['c1']);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps a subscriber that reads as fast as results come, however long it runs', async () => {
    let now = 0;
    const overflows: (string | null)[] = [];
    const q = new SubscriberQueue(1_000, (cursor) => overflows.push(cursor), null, { maxLagMs: 100, now: () => now });
    for (let i = 0; i < 50; i++) {
      expect(q.push(result(i), `c${i}`)).toBe(true);
      now += 60;
      await q.next();
    }
    expect(overflows).toEqual([]);
  });

  it('never names the cursor of the result it refused', () => {
    const { q, overflows } = queue(1);
    q.push(result(1), 'c1');
    q.push(result(2), 'c2');
    expect(overflows).toHaveLength(1);
    expect(['c1', null]).toContain(overflows[0]);
  });

  // A dropped subscriber resumes from the last result it took, not the last one queued (those were discarded).
  it('names the cursor of the last result the consumer took, so resuming after it loses nothing', async () => {
    const { q, overflows } = queue(2);
    q.push(result(1), 'c1');
    expect(await q.next()).toEqual({ value: result(1), done: false });
    q.push(result(2), 'c2');
    q.push(result(3), 'c3');
    q.push(result(4), 'c4');
    expect(overflows).toEqual(['c1']);
  });

  it('fail() delivers one error result with extensions.code after what was queued, then ends, and calls onReturn', async () => {
    const { q, returns } = queue();
    q.push(result(1), 'c1');
    q.fail('EVENTS_MISSED', 'Resync, then subscribe without after.');
    q.fail('EVENT_STREAM_RESET', 'second failure is ignored');
    expect(returns()).toBe(1);
    expect(q.push(result(2), 'c2')).toBe(false);

    const seen: ExecutionResult[] = [];
    for await (const item of q) seen.push(item);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(result(1));
    const errors = seen[1]?.errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('Resync, then subscribe without after.');
    expect(errors[0]?.extensions).toEqual({ code: 'EVENTS_MISSED' });
    expect(seen[1]?.data).toBeUndefined();
  });

  it('fail() answers a pending pull with the error result', async () => {
    const { q } = queue();
    const pending = q.next();
    q.fail('EVENT_STREAM_RESET', 'reset');
    const first = await pending;
    expect(first.done).toBe(false);
    expect(first.value?.errors?.[0]?.extensions).toEqual({ code: 'EVENT_STREAM_RESET' });
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('return() ends a pending next(), calls onReturn once, and refuses later pushes quietly', async () => {
    const { q, overflows, returns } = queue();
    const pending = q.next();
    expect(await q.return()).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
    await q.return();
    expect(returns()).toBe(1);
    expect(q.push(result(1), 'c1')).toBe(false);
    expect(overflows).toEqual([]);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('return() drops results not yet pulled', async () => {
    const { q } = queue();
    q.push(result(1), 'c1');
    await q.return();
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});

/** A log with some history for one tenant and a tail that never emits. */
function logWith(history: readonly HubEvent[], gap: boolean): HubEventSource {
  return {
    readAfter: async (tenantId, after) => ({ events: history.filter((e) => e.event.tenantId === tenantId && (after === null || e.cursor > after)), gap }),
    tail: async () => ({ close: async () => {} }),
    latestCursor: async (tenantId) => history.filter((e) => e.event.tenantId === tenantId).at(-1)?.cursor ?? null,
  };
}

const principal = { tenantId: 'ten_acme', userId: 'key_1', roles: ['viewer'] };
const history: HubEvent[] = ['1700000000000-1', '1700000000000-2', '1700000000000-3'].map((cursor) => ({ cursor, event: { type: 't', tenantId: 'ten_acme' } }));
const plan = { responseKey: 'x', query: 'query Q($__cursor: String!) { x: event(cursor: $__cursor) { cursor } }', variables: {}, after: '1700000000000-0', eventTypes: null, groupKey: 'k' };

/** What ws-bridge.ts does once graphql-ws is done with the iterator: drain it, then return() it. */
async function drainAndReturn(q: SubscriberQueue): Promise<ExecutionResult[]> {
  const seen: ExecutionResult[] = [];
  for (;;) {
    const item = await q.next();
    if (item.done) break;
    seen.push(item.value);
  }
  await q.return();
  return seen;
}

describe('SubscriberQueue wired to EventHub as ws-bridge.ts wires them (`queue.onReturn = await hub.subscribe(...)`)', () => {
  it('leaves the hub when the client stops a live subscription', async () => {
    const hub = new EventHub(logWith([], false), async () => ({ data: {} }), { info() {}, warn() {}, error() {} });
    await hub.start();
    const q = new SubscriberQueue(10, () => {});
    q.onReturn = await hub.subscribe(principal, { ...plan, after: null }, q);
    expect(hub.memberCount).toBe(1);
    await q.return();
    expect(hub.memberCount).toBe(0);
    expect(hub.groupCount).toBe(0);
  });

  // A subscriber that fails or overflows while replaying must leave the hub: no member or group left behind.
  it('leaves the hub when the replay fails with EVENTS_MISSED', async () => {
    const hub = new EventHub(logWith(history, true), async () => ({ data: {} }), { info() {}, warn() {}, error() {} });
    await hub.start();
    const q = new SubscriberQueue(10, () => {});
    q.onReturn = await hub.subscribe(principal, plan, q);
    const seen = await drainAndReturn(q);
    expect(seen.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['EVENTS_MISSED']);
    expect(hub.memberCount).toBe(0);
  });

  it('leaves the hub when the subscriber overflows during the replay', async () => {
    const hub = new EventHub(logWith(history, false), async () => ({ data: {} }), { info() {}, warn() {}, error() {} });
    await hub.start();
    const overflows: (string | null)[] = [];
    const q = new SubscriberQueue(1, (cursor) => overflows.push(cursor));
    q.onReturn = await hub.subscribe(principal, plan, q);
    await drainAndReturn(q);
    expect(overflows).toHaveLength(1);
    expect(hub.memberCount).toBe(0);
  });
});
