import { createEvent, type DomainEvent } from '@bizosaas/domain';
import { describe, expect, it, vi } from 'vitest';
import { InProcessEventBus } from './in-process-event-bus.js';

const event = (type: string, tenantId: string): DomainEvent => createEvent(type, { n: 1 }, { tenantId, source: 'crm', correlationId: 'req_1' });

/** Lets queued microtask deliveries run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('InProcessEventBus', () => {
  it('delivers to handlers whose tenant and types match only', async () => {
    const bus = new InProcessEventBus();
    const all: string[] = [];
    const tenantA: string[] = [];
    const dealsOfA: string[] = [];
    await bus.subscribe(async (e) => void all.push(e.id));
    await bus.subscribe(async (e) => void tenantA.push(e.id), { tenantId: 'ten_a' });
    await bus.subscribe(async (e) => void dealsOfA.push(e.id), { tenantId: 'ten_a', types: ['crm.deal.created.v1'] });

    const dealA = event('crm.deal.created.v1', 'ten_a');
    const contactA = event('crm.contact.created.v1', 'ten_a');
    const dealB = event('crm.deal.created.v1', 'ten_b');
    for (const e of [dealA, contactA, dealB]) await bus.publish(e);
    await settle();

    expect(all).toEqual([dealA.id, contactA.id, dealB.id]);
    expect(tenantA).toEqual([dealA.id, contactA.id]);
    expect(dealsOfA).toEqual([dealA.id]);
  });

  it('delivers the event object as published', async () => {
    const bus = new InProcessEventBus();
    const received: DomainEvent[] = [];
    await bus.subscribe(async (e) => void received.push(e));
    const published = event('x.v1', 'ten_a');
    await bus.publish(published);
    await settle();
    expect(received).toEqual([published]);
  });

  it('delivers only after publish has returned, never inside the publisher call stack', async () => {
    const bus = new InProcessEventBus();
    const handler = vi.fn(async () => {});
    await bus.subscribe(handler);
    const publishing = bus.publish(event('x.v1', 'ten_a'));
    expect(handler).not.toHaveBeenCalled();
    await publishing;
    await settle();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports a throwing handler to onHandlerError and still delivers to the others', async () => {
    const onHandlerError = vi.fn();
    const bus = new InProcessEventBus({ onHandlerError });
    const failure = new Error('handler failed');
    const before = vi.fn(async () => {});
    const after = vi.fn(async () => {});
    await bus.subscribe(before);
    await bus.subscribe(async () => {
      throw failure;
    });
    await bus.subscribe(after);
    const published = event('x.v1', 'ten_a');
    await expect(bus.publish(published)).resolves.toBeUndefined();
    await settle();
    expect(onHandlerError).toHaveBeenCalledTimes(1);
    expect(onHandlerError).toHaveBeenCalledWith(failure, published);
    expect(before).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('stops delivery after unsubscribe, and unsubscribe is idempotent', async () => {
    const bus = new InProcessEventBus();
    const kept = vi.fn(async () => {});
    const dropped = vi.fn(async () => {});
    await bus.subscribe(kept);
    const subscription = await bus.subscribe(dropped);
    await bus.publish(event('x.v1', 'ten_a'));
    await settle();
    await subscription.unsubscribe();
    await subscription.unsubscribe();
    await bus.publish(event('x.v1', 'ten_a'));
    await settle();
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(kept).toHaveBeenCalledTimes(2);
  });

  it('refuses to publish after close and delivers nothing more', async () => {
    const bus = new InProcessEventBus();
    const handler = vi.fn(async () => {});
    await bus.subscribe(handler);
    await bus.close();
    await expect(bus.publish(event('x.v1', 'ten_a'))).rejects.toThrow(/closed/);
    await settle();
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('InProcessEventBus as an event log', () => {
  it('issues zero-padded, increasing cursors per tenant', async () => {
    const bus = new InProcessEventBus();
    await bus.publish(event('x.v1', 'ten_a'));
    await bus.publish(event('x.v1', 'ten_a'));
    const page = await bus.readAfter('ten_a', null, 10);
    const [first, second] = page.events.map((l) => l.cursor);
    expect(first).toMatch(/^\d{16}$/);
    expect(Number(second) - Number(first)).toBe(1);
  });

  it('keeps the newest retentionPerTenant events per tenant and reports a gap for an evicted cursor', async () => {
    const bus = new InProcessEventBus({ retentionPerTenant: 3 });
    const published = [0, 1, 2, 3, 4].map(() => event('x.v1', 'ten_a'));
    for (const e of published) await bus.publish(e);
    await bus.publish(event('x.v1', 'ten_b'));
    const all = await bus.readAfter('ten_a', null, 10);
    expect(all).toMatchObject({ gap: false });
    expect(all.events.map((l) => l.event.id)).toEqual(published.slice(2).map((e) => e.id));
    const oldest = all.events[0]?.cursor ?? '';
    const justBefore = String(Number(oldest) - 1).padStart(16, '0');
    const evicted = String(Number(oldest) - 2).padStart(16, '0');
    // Right before the oldest retained: nothing was missed.
    expect((await bus.readAfter('ten_a', justBefore, 10)).gap).toBe(false);
    const afterEviction = await bus.readAfter('ten_a', evicted, 10);
    expect(afterEviction.gap).toBe(true);
    expect(afterEviction.events.map((l) => l.event.id)).toEqual(published.slice(2).map((e) => e.id));
    expect(await bus.get('ten_a', evicted)).toBeNull();
    expect((await bus.readAfter('ten_b', null, 10)).events).toHaveLength(1);
  });

  it('reports a gap for a cursor from an earlier process (ahead of this log, or for a tenant it never saw)', async () => {
    const earlier = new InProcessEventBus();
    await earlier.publish(event('x.v1', 'ten_a'));
    await earlier.publish(event('x.v1', 'ten_a'));
    const oldCursor = (await earlier.latestCursor('ten_a')) ?? '';
    await new Promise((resolve) => setTimeout(resolve, 2));
    const restarted = new InProcessEventBus();
    expect(await restarted.readAfter('ten_a', oldCursor, 10)).toEqual({ gap: true, events: [] });
    await restarted.publish(event('x.v1', 'ten_a'));
    const page = await restarted.readAfter('ten_a', oldCursor, 10);
    expect(page.gap).toBe(true);
    expect(page.events).toHaveLength(1);
  });

  it('rejects a cursor it never issued and a bad limit with a ValidationError naming them', async () => {
    const bus = new InProcessEventBus();
    await expect(bus.readAfter('ten_a', '1700000000000-0', 0)).rejects.toMatchObject({ violations: [{ field: 'after' }, { field: 'limit' }] });
    await expect(bus.get('ten_a', '12')).rejects.toMatchObject({ violations: [{ field: 'cursor' }] });
  });

  it('fans out to open tails after publish has returned, in publish order', async () => {
    const bus = new InProcessEventBus();
    const seen: string[] = [];
    await bus.tail({ onEvent: (l) => void seen.push(l.event.id) });
    const a = event('x.v1', 'ten_a');
    const b = event('x.v1', 'ten_b');
    const publishing = bus.publish(a);
    expect(seen).toEqual([]);
    await publishing;
    await bus.publish(b);
    await settle();
    expect(seen).toEqual([a.id, b.id]);
  });

  it('gives the members of a group the events in turn', async () => {
    const bus = new InProcessEventBus();
    const first: string[] = [];
    const second: string[] = [];
    await bus.subscribe(async (e) => void first.push(e.id), { group: 'g' });
    const leaving = await bus.subscribe(async (e) => void second.push(e.id), { group: 'g' });
    const events = [0, 1, 2, 3].map(() => event('x.v1', 'ten_a'));
    for (const e of events) await bus.publish(e);
    await settle();
    expect(first).toEqual([events[0]?.id, events[2]?.id]);
    expect(second).toEqual([events[1]?.id, events[3]?.id]);
    await leaving.unsubscribe();
    const last = event('x.v1', 'ten_a');
    await bus.publish(last);
    await settle();
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
  });
});
