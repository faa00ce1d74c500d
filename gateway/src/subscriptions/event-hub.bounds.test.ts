import { describe, expect, it, vi } from 'vitest';
import { deferred, settle, RecordingSink, acmeViewer, acmeViewer2, acmeAdmin, globexViewer, plan, startHub, startHubWith } from './event-hub.test-support.js';
import { EventHub, TOO_SLOW_CODE } from './event-hub.js';

// Every queue between the event tail and a socket is bounded: a tenant that falls behind is shed with its
// resume cursor, and fan-out yields to the event loop.
describe('EventHub bounds', () => {
  it('closes a tenant\'s subscribers with their resume cursor when its pending events reach the limit, and keeps no backlog', async () => {
    const { log, exec, hub } = await startHubWith({ maxPendingPerTenant: 3 });
    const acme = new RecordingSink();
    const globex = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), acme);
    await hub.subscribe(globexViewer, plan(), globex);

    const delivered = log.publish('ten_acme');
    await vi.waitFor(() => expect(acme.cursors).toEqual([delivered.cursor]));
    const slow = log.append('ten_acme');
    const release = exec.hold(slow.cursor);
    log.emit(slow); // dispatching, held
    for (let i = 0; i < 4; i++) log.publish('ten_acme'); // 3 wait, the 4th overflows
    expect(hub.memberCount).toBe(1); // acme's group left at once; globex stays
    await vi.waitFor(() => expect(acme.failures).toEqual([{ code: TOO_SLOW_CODE, message: `Too slow: subscribe again with after: ${delivered.cursor}` }]));
    expect(hub.shed).toBe(1);
    release();
    await settle();
    // The held event finds nobody to deliver to; the dropped backlog is never executed.
    expect(exec.calls.filter((c) => c.principal.tenantId === 'ten_acme')).toHaveLength(2);
    const other = log.publish('ten_globex');
    await vi.waitFor(() => expect(globex.cursors).toEqual([other.cursor]));
    expect(globex.failures).toEqual([]);
  });

  it('closes a replaying subscriber whose buffer of live events reaches the limit', async () => {
    const { log, hub } = await startHubWith({ maxPendingPerTenant: 2 });
    const start = log.append('ten_acme');
    const gate = deferred();
    log.gate = { until: gate.promise, snapshot: 'before' };
    const replaying = new RecordingSink();
    const joined = hub.subscribe(acmeViewer, plan({ after: start.cursor }), replaying);
    await settle();
    for (let i = 0; i < 3; i++) log.publish('ten_acme');
    await vi.waitFor(() => expect(replaying.failures.map((f) => f.code)).toEqual([TOO_SLOW_CODE]));
    expect(hub.groupCount).toBe(0);
    gate.resolve();
    await joined;
    expect(hub.memberCount).toBe(0);
  });

  it('yields to the event loop while fanning one event out to many subscribers', async () => {
    const { log, hub } = await startHubWith({ sliceMs: 0 });
    const sinks = Array.from({ length: 50 }, () => new RecordingSink());
    for (const sink of sinks) await hub.subscribe(acmeViewer, plan(), sink);
    let timerRan = false;
    setImmediate(() => (timerRan = true));
    log.publish('ten_acme');
    await vi.waitFor(() => expect(sinks.at(-1)?.pushed).toHaveLength(1));
    // With a zero slice the hub yields before each member: the immediate ran before the last delivery.
    expect(timerRan).toBe(true);
  });
});

describe('EventHub latency bound', () => {
  it('closes a tenant\'s subscribers once its oldest pending event has waited longer than maxPendingMs', async () => {
    const { log, exec, hub } = await startHubWith({ maxPendingPerTenant: 1_000, maxPendingMs: 30 });
    const acme = new RecordingSink();
    await hub.subscribe(acmeViewer, plan(), acme);
    const slow = log.append('ten_acme');
    const release = exec.hold(slow.cursor);
    log.emit(slow);
    log.publish('ten_acme'); // waits behind the held one
    log.publish('ten_acme');
    expect(acme.failures).toEqual([]); // two pending events are far below the count bound
    await new Promise((resolve) => setTimeout(resolve, 50));
    log.publish('ten_acme');
    await vi.waitFor(() => expect(acme.failures.map((f) => f.code)).toEqual([TOO_SLOW_CODE]));
    expect(acme.failures[0]?.message).toBe('Too slow: subscribe again with after: none');
    release();
  });
});
