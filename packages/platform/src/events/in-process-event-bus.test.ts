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
