import { describe, expect, it } from 'vitest';
import { ResumableEventStream, type StreamEvent, type SubscribeFrom } from './event-stream';

const event = (n: number): StreamEvent => ({ id: `e${n}`, cursor: `c${n}`, type: 'crm.deal.stage_changed.v1', occurredAt: '2026-12-06T08:00:00Z', payload: {} });

/** A fake server: a log of events; a subscription gets those after its cursor, then whatever is pushed live. */
function fakeServer() {
  const log: StreamEvent[] = [];
  const subscriptions: { after: string | undefined; sink: Parameters<SubscribeFrom>[1]; open: boolean }[] = [];
  const subscribe: SubscribeFrom = (after, sink) => {
    const entry = { after, sink, open: true };
    subscriptions.push(entry);
    const start = after === undefined ? log.length : log.findIndex((e) => e.cursor === after) + 1;
    for (const e of log.slice(start)) sink.next(e);
    return () => (entry.open = false);
  };
  return {
    subscribe,
    subscriptions,
    publish(e: StreamEvent) {
      log.push(e);
      for (const s of subscriptions) if (s.open) s.sink.next(e);
    },
    /** The network drops: every open subscription errors. */
    drop() {
      for (const s of subscriptions) {
        if (!s.open) continue;
        s.open = false;
        s.sink.error({ code: 1006, reason: '' });
      }
    },
  };
}

function manualTimers() {
  const pending: (() => void)[] = [];
  return { setTimer: (callback: () => void) => pending.push(callback), clearTimer: () => pending.splice(0), fire: () => pending.splice(0).forEach((f) => f()) };
}

describe('ResumableEventStream', () => {
  it('resumes after a drop from the last delivered cursor: the events published meanwhile arrive, none twice', () => {
    const server = fakeServer();
    const timers = manualTimers();
    const seen: string[] = [];
    const statuses: string[] = [];
    const stream = new ResumableEventStream({ subscribe: server.subscribe, onEvent: (e) => seen.push(e.id), onStatus: (s) => statuses.push(s), ...timers });
    stream.start();
    server.publish(event(1));
    server.publish(event(2));
    server.drop();
    server.publish(event(3));
    server.publish(event(4));
    expect(seen).toEqual(['e1', 'e2']);
    expect(statuses.at(-1)).toBe('reconnecting');
    timers.fire();
    server.publish(event(5));
    expect(seen).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(server.subscriptions.map((s) => s.after)).toEqual([undefined, 'c2']);
    expect(stream.lastCursor).toBe('c5');
  });

  it('drops an event it already delivered when a replay repeats it', () => {
    const delivered: string[] = [];
    let sink: Parameters<SubscribeFrom>[1] | undefined;
    const stream = new ResumableEventStream({ subscribe: (_after, s) => ((sink = s), () => undefined), onEvent: (e) => delivered.push(e.id) });
    stream.start();
    sink?.next(event(1));
    sink?.next(event(1));
    sink?.next(event(2));
    expect(delivered).toEqual(['e1', 'e2']);
  });

  it('starts from a given cursor, retries with backoff after errors, and stops for good', () => {
    const server = fakeServer();
    const timers = manualTimers();
    const delays: number[] = [];
    const stream = new ResumableEventStream({
      subscribe: server.subscribe,
      onEvent: () => undefined,
      backoffMs: (attempt) => (delays.push(attempt), attempt * 100),
      ...timers,
    });
    stream.start('c0');
    server.drop();
    timers.fire();
    server.drop();
    expect(delays).toEqual([1, 2]);
    stream.stop();
    timers.fire();
    expect(server.subscriptions.map((s) => s.after)).toEqual(['c0', 'c0']);
  });
});
