import { describe, expect, it, vi } from 'vitest';
import { deferred, settle, RecordingSink, acmeViewer, acmeViewer2, acmeAdmin, globexViewer, plan, startHub, startHubWith } from './event-hub.test-support.js';
import { EventHub, TOO_SLOW_CODE } from './event-hub.js';

describe('EventHub fan-out', () => {
  it('runs one execution per event for subscribers with the same tenant, roles and plan, and gives each the result', async () => {
    const { log, exec, hub } = await startHub();
    const a = new RecordingSink();
    const b = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), a);
    await hub.subscribe(acmeViewer2, plan(), b);
    expect(hub.groupCount).toBe(1);
    expect(hub.memberCount).toBe(2);

    const first = log.publish('ten_acme');
    const second = log.publish('ten_acme');
    await vi.waitFor(() => expect(b.pushed).toHaveLength(2));
    expect(exec.calls).toHaveLength(2);
    expect(exec.calls[0]?.variables).toEqual({ pretty: true, __cursor: first.cursor });
    expect(exec.calls[0]?.query).toBe(plan().query);
    expect(a.pushed).toEqual([
      { cursor: first.cursor, result: { data: { x: first.cursor } } },
      { cursor: second.cursor, result: { data: { x: second.cursor } } },
    ]);
    expect(b.pushed).toEqual(a.pushed);
  });

  it('never shows one tenant\'s events to another', async () => {
    const { log, exec, hub } = await startHub();
    const acme = new RecordingSink();
    const globex = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), acme);
    await hub.subscribe(globexViewer, plan(), globex);
    expect(hub.groupCount).toBe(2);

    const acmeEvents = [log.publish('ten_acme'), log.publish('ten_acme')];
    const globexEvent = log.publish('ten_globex');
    await vi.waitFor(() => expect(acme.pushed).toHaveLength(2));
    await vi.waitFor(() => expect(globex.pushed).toHaveLength(1));
    await settle();
    expect(acme.cursors).toEqual(acmeEvents.map((e) => e.cursor));
    expect(globex.cursors).toEqual([globexEvent.cursor]);
    // Each execution ran as a principal of the event's tenant (tenants interleave freely).
    expect(exec.calls.map((c) => [c.principal.tenantId, c.variables.__cursor]).sort()).toEqual([
      ['ten_acme', acmeEvents[0]?.cursor],
      ['ten_acme', acmeEvents[1]?.cursor],
      ['ten_globex', globexEvent.cursor],
    ]);
  });

  it('keeps roles in the group key: admin and viewer get separate executions, the order of roles does not matter', async () => {
    const { log, exec, hub } = await startHub();
    const viewer = new RecordingSink();
    const admin = new RecordingSink();
    const both1 = new RecordingSink();
    const both2 = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), viewer);
    await hub.subscribe(acmeAdmin, plan(), admin);
    await hub.subscribe({ tenantId: 'ten_acme', userId: 'key_5', roles: ['admin', 'viewer'] }, plan(), both1);
    await hub.subscribe({ tenantId: 'ten_acme', userId: 'key_6', roles: ['viewer', 'admin'] }, plan(), both2);
    expect(hub.groupCount).toBe(3);

    const event = log.publish('ten_acme');
    await vi.waitFor(() => expect(both2.pushed).toHaveLength(1));
    await settle();
    expect(exec.calls.map((c) => [...c.principal.roles])).toEqual([['viewer'], ['admin'], ['admin', 'viewer']]);
    for (const sink of [viewer, admin, both1, both2]) expect(sink.cursors).toEqual([event.cursor]);
  });

  it('delivers only the plan\'s event types, and runs nothing for others', async () => {
    const { log, exec, hub } = await startHub();
    const created = new RecordingSink();
    const all = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ eventTypes: ['crm.deal.created.v1'], groupKey: 'created' }), created);
    await hub.subscribe(acmeViewer, plan({ eventTypes: null, groupKey: 'all' }), all);

    const moved = log.publish('ten_acme', 'crm.deal.stage_changed.v1');
    const made = log.publish('ten_acme', 'crm.deal.created.v1');
    await vi.waitFor(() => expect(all.pushed).toHaveLength(2));
    await settle();
    expect(created.cursors).toEqual([made.cursor]);
    expect(all.cursors).toEqual([moved.cursor, made.cursor]);
    expect(exec.calls).toHaveLength(3);
  });

  it('removes a group with its last member, and keeps it while one remains', async () => {
    const { log, hub } = await startHub();
    const a = new RecordingSink();
    const b = new RecordingSink();
    const removeA = await hub.subscribe(acmeViewer, plan(), a);
    const removeB = await hub.subscribe(acmeViewer2, plan(), b);
    removeA();
    expect(hub.groupCount).toBe(1);
    expect(hub.memberCount).toBe(1);

    const event = log.publish('ten_acme');
    await vi.waitFor(() => expect(b.cursors).toEqual([event.cursor]));
    expect(a.pushed).toEqual([]);

    removeB();
    expect(hub.groupCount).toBe(0);
    expect(hub.memberCount).toBe(0);
    // Removing twice is harmless and does not drop a newer group with the same key.
    const c = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), c);
    removeB();
    expect(hub.groupCount).toBe(1);
  });
});

describe('EventHub ordering', () => {
  it('dispatches one tenant\'s events in order while an earlier execution is slow, without blocking other tenants', async () => {
    const { log, exec, hub } = await startHub();
    const acme = new RecordingSink();
    const globex = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), acme);
    await hub.subscribe(globexViewer, plan(), globex);

    const first = log.append('ten_acme');
    const release = exec.hold(first.cursor);
    log.emit(first);
    const rest = [log.publish('ten_acme'), log.publish('ten_acme')];
    const other = log.publish('ten_globex');
    await vi.waitFor(() => expect(globex.cursors).toEqual([other.cursor]));
    await settle();
    // Nothing of acme's overtook the slow first event; its next executions have not even started.
    expect(acme.pushed).toEqual([]);
    expect(exec.calls.filter((c) => c.principal.tenantId === 'ten_acme')).toHaveLength(1);

    release();
    await vi.waitFor(() => expect(acme.pushed).toHaveLength(3));
    expect(acme.cursors).toEqual([first.cursor, ...rest.map((e) => e.cursor)]);
  });

  it('logs a failed execution and goes on with the next event', async () => {
    const { log, exec, hub, errors } = await startHub();
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), sink);
    const broken = log.append('ten_acme');
    exec.failOn(broken.cursor);
    log.emit(broken);
    const next = log.publish('ten_acme');
    await vi.waitFor(() => expect(sink.cursors).toEqual([next.cursor]));
    expect(errors).toEqual([{ tenantId: 'ten_acme', cursor: broken.cursor, err: { message: 'subgraph down' } }]);
  });
});

describe('EventHub replay with after', () => {
  it('replays exactly the events after the cursor, in order and across pages, then live ones', async () => {
    const { log, hub } = await startHub();
    const history = Array.from({ length: 230 }, (_, i) => log.append(i % 2 === 0 ? 'ten_acme' : 'ten_globex'));
    const acmeHistory = history.filter((e) => e.event.tenantId === 'ten_acme');
    const from = acmeHistory[4]!;
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: from.cursor }), sink);

    const expected = acmeHistory.slice(5).map((e) => e.cursor);
    expect(expected).toHaveLength(110);
    expect(sink.cursors).toEqual(expected);
    expect(sink.pushed[0]?.result).toEqual({ data: { x: expected[0] } });
    // Pages of 100 from the last cursor read, for this tenant only.
    expect(log.reads.map((r) => [r.tenantId, r.after, r.limit])).toEqual([
      ['ten_acme', from.cursor, 100],
      ['ten_acme', expected[99], 100],
    ]);

    const live = log.publish('ten_acme');
    await vi.waitFor(() => expect(sink.pushed).toHaveLength(111));
    expect(sink.cursors.at(-1)).toBe(live.cursor);
  });

  it('replays only the plan\'s event types', async () => {
    const { log, hub } = await startHub();
    const from = log.append('ten_acme');
    const skipped = log.append('ten_acme', 'crm.contact.created.v1');
    const wanted = log.append('ten_acme', 'crm.deal.created.v1');
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: from.cursor, eventTypes: ['crm.deal.created.v1'] }), sink);
    expect(sink.cursors).toEqual([wanted.cursor]);
    expect(skipped.cursor < wanted.cursor).toBe(true);
  });

  it.each(['before', 'after'] as const)(
    'delivers a live event that arrives during the replay exactly once, after the replayed ones (page read %s it arrives)',
    async (snapshot) => {
      const { log, hub } = await startHub();
      const from = log.append('ten_acme');
      const missed = [log.append('ten_acme'), log.append('ten_acme')];
      const gate = deferred();
      log.gate = { until: gate.promise, snapshot };
      const sink = new RecordingSink();
      const subscribed = hub.subscribe(acmeViewer, plan({ after: from.cursor }), sink);

      await vi.waitFor(() => expect(log.reads).toHaveLength(1));
      const during = log.publish('ten_acme');
      await settle();
      expect(sink.pushed).toEqual([]);

      log.gate = undefined;
      gate.resolve();
      await subscribed;
      const after = log.publish('ten_acme');
      await vi.waitFor(() => expect(sink.pushed).toHaveLength(4));
      await settle();
      expect(sink.cursors).toEqual([...missed.map((e) => e.cursor), during.cursor, after.cursor]);
    },
  );

  it('shares the live group with a subscriber that joined without after, which sees no history', async () => {
    const { log, exec, hub } = await startHub();
    const from = log.append('ten_acme');
    const old = log.append('ten_acme');
    const resuming = new RecordingSink();
    const fresh = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), fresh);
    await hub.subscribe(acmeViewer2, plan({ after: from.cursor }), resuming);
    expect(hub.groupCount).toBe(1);
    const live = log.publish('ten_acme');
    await vi.waitFor(() => expect(resuming.pushed).toHaveLength(2));
    await settle();
    expect(resuming.cursors).toEqual([old.cursor, live.cursor]);
    expect(fresh.cursors).toEqual([live.cursor]);
    // One execution for the replay, one for the live event shared by both.
    expect(exec.calls.map((c) => c.variables.__cursor)).toEqual([old.cursor, live.cursor]);
  });

  it('fails the subscriber with EVENTS_MISSED when the cursor is older than the log keeps', async () => {
    const { log, hub } = await startHub();
    log.append('ten_acme');
    log.gap = true;
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: '1699999999999-0' }), sink);
    expect(sink.pushed).toEqual([]);
    expect(sink.failures.map((f) => f.code)).toEqual(['EVENTS_MISSED']);
    expect(sink.failures[0]?.message).toContain('1699999999999-0');
  });

  it('fails only that subscriber, retryably, and forgets it when the log cannot be read', async () => {
    const { log, hub } = await startHub();
    const from = log.append('ten_acme');
    vi.spyOn(log, 'readAfter').mockRejectedValue(new Error('redis unreachable'));
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: from.cursor }), sink);
    expect(sink.failures.map((f) => f.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(sink.failures[0]?.message).toContain(from.cursor);
    expect(hub.groupCount).toBe(0);
  });

  it('fails a malformed cursor with INVALID_CURSOR before reading the log', async () => {
    const { log, hub } = await startHub();
    log.append('ten_acme');
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: 'not-a-cursor' }), sink);
    expect(sink.failures.map((f) => f.code)).toEqual(['INVALID_CURSOR']);
    expect(sink.failures[0]?.message).toContain('not-a-cursor');
    expect(log.reads).toEqual([]);
    expect(hub.memberCount).toBe(0);
  });

  it('fails a cursor the log itself refuses (ValidationError) with INVALID_CURSOR', async () => {
    const { log, hub } = await startHub();
    const from = log.append('ten_acme');
    const refused = Object.assign(new Error('Invalid input: after is not a cursor of this event log'), { name: 'ValidationError' });
    vi.spyOn(log, 'readAfter').mockRejectedValue(refused);
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: from.cursor }), sink);
    expect(sink.failures.map((f) => f.code)).toEqual(['INVALID_CURSOR']);
  });

  it('fails a cursor newer than the newest event with CURSOR_AHEAD instead of waiting forever', async () => {
    const { log, hub } = await startHub();
    const newest = log.append('ten_acme');
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: '1800000000000-0' }), sink);
    expect(sink.failures.map((f) => f.code)).toEqual(['CURSOR_AHEAD']);
    expect(sink.failures[0]?.message).toContain(newest.cursor);
    expect(hub.memberCount).toBe(0);
    // The newest cursor itself is a fine place to resume from.
    const current = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: newest.cursor }), current);
    expect(current.failures).toEqual([]);
    log.publish('ten_acme');
    await settle();
    expect(current.pushed).toHaveLength(1);
  });

  it('fails with CURSOR_AHEAD when the tenant has no events at all', async () => {
    const { hub } = await startHub();
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan({ after: '1700000000000-1' }), sink);
    expect(sink.failures.map((f) => f.code)).toEqual(['CURSOR_AHEAD']);
  });

  it('stops replaying when the subscriber cannot keep up', async () => {
    const { log, exec, hub } = await startHub();
    const from = log.append('ten_acme');
    for (let i = 0; i < 5; i++) log.append('ten_acme');
    const sink = new RecordingSink();
    sink.accept = false;
    await hub.subscribe(acmeViewer, plan({ after: from.cursor }), sink);
    expect(sink.pushed).toHaveLength(1);
    expect(exec.calls).toHaveLength(1);
  });
});

describe('EventHub resets', () => {
  it('fails everyone with EVENT_STREAM_RESET when the tail reports a gap, and clears the groups', async () => {
    const { log, hub } = await startHub();
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    await hub.subscribe(acmeViewer, plan(), sinks[0]!);
    await hub.subscribe(acmeAdmin, plan(), sinks[1]!);
    await hub.subscribe(globexViewer, plan(), sinks[2]!);
    log.breakTail('redis restarted');
    for (const sink of sinks) {
      expect(sink.failures.map((f) => f.code)).toEqual(['EVENT_STREAM_RESET']);
      expect(sink.failures[0]?.message).toContain('redis restarted');
    }
    expect(hub.groupCount).toBe(0);
    expect(hub.memberCount).toBe(0);

    log.publish('ten_acme');
    await settle();
    for (const sink of sinks) expect(sink.pushed).toEqual([]);
  });

  it('closes the tail and fails everyone with SHUTTING_DOWN on close', async () => {
    const { log, hub } = await startHub();
    const sink = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), sink);
    await hub.close();
    expect(log.tailClosed).toBe(true);
    expect(sink.failures.map((f) => f.code)).toEqual(['SHUTTING_DOWN']);
    expect(hub.groupCount).toBe(0);
  });
});
