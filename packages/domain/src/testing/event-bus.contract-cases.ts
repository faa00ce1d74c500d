import { expect } from 'vitest';
import type { DomainEvent } from '../events/domain-event.js';
import type { LoggedEvent } from '../infra/event-log.port.js';
import { ValidationError } from '../shared/errors.js';
import { contractEvent, eventually, expectExactlyOnce, quietPeriod, type EventBusContractCase } from './event-bus.contract-helpers.js';

/** Handlers: filters, groups, at-least-once. */
export const eventBusDeliveryCases: readonly EventBusContractCase[] = [
  {
    name: 'delivers published events to subscribers whose tenant and types match only',
    async run(env) {
      const all: string[] = [];
      const ofA: string[] = [];
      const dealsOfA: string[] = [];
      await env.bus.subscribe(async (e) => void all.push(e.id));
      await env.bus.subscribe(async (e) => void ofA.push(e.id), { tenantId: env.tenant('a') });
      await env.bus.subscribe(async (e) => void dealsOfA.push(e.id), { tenantId: env.tenant('a'), types: ['contract.deal.created.v1'] });
      const dealA = contractEvent(env, 'a', 'contract.deal.created.v1');
      const contactA = contractEvent(env, 'a', 'contract.contact.created.v1');
      const dealB = contractEvent(env, 'b', 'contract.deal.created.v1');
      for (const e of [dealA, contactA, dealB]) await env.bus.publish(e);
      await eventually(env, () => {
        expect(all).toEqual([dealA.id, contactA.id, dealB.id]);
        expect(ofA).toEqual([dealA.id, contactA.id]);
        expect(dealsOfA).toEqual([dealA.id]);
      });
      await quietPeriod(env);
      expect(all).toHaveLength(3);
    },
  },
  {
    name: 'delivers the envelope as published',
    async run(env) {
      const received: DomainEvent[] = [];
      await env.bus.subscribe(async (e) => void received.push(e));
      const published = contractEvent(env, 'a');
      await env.bus.publish(published);
      await eventually(env, () => expect(received).toEqual([published]));
    },
  },
  {
    name: 'splits events between two subscribers of one group, each event exactly once',
    async run(env) {
      const first: string[] = [];
      const second: string[] = [];
      const group = `contract-${env.nonce}`;
      await env.bus.subscribe(async (e) => void first.push(e.id), { group });
      await env.bus.subscribe(async (e) => void second.push(e.id), { group });
      const ids: string[] = [];
      for (let n = 0; n < 20; n += 1) {
        const event = contractEvent(env, 'a', undefined, n);
        ids.push(event.id);
        await env.bus.publish(event);
      }
      await eventually(env, () => expect(first.length + second.length).toBeGreaterThanOrEqual(ids.length));
      await quietPeriod(env);
      expectExactlyOnce([...first, ...second], ids);
    },
  },
  {
    name: 'gives every group all events',
    async run(env) {
      const one: string[] = [];
      const two: string[] = [];
      await env.bus.subscribe(async (e) => void one.push(e.id), { group: `contract-one-${env.nonce}` });
      await env.bus.subscribe(async (e) => void two.push(e.id), { group: `contract-two-${env.nonce}` });
      const events = [contractEvent(env, 'a', undefined, 1), contractEvent(env, 'b', undefined, 2)];
      for (const e of events) await env.bus.publish(e);
      const ids = events.map((e) => e.id);
      await eventually(env, () => {
        expect(one).toEqual(ids);
        expect(two).toEqual(ids);
      });
      await quietPeriod(env);
      expect([one.length, two.length]).toEqual([2, 2]);
    },
  },
  {
    name: 'stops delivering after unsubscribe, and unsubscribe is idempotent',
    async run(env) {
      const kept: string[] = [];
      const dropped: string[] = [];
      await env.bus.subscribe(async (e) => void kept.push(e.id));
      const subscription = await env.bus.subscribe(async (e) => void dropped.push(e.id));
      const before = contractEvent(env, 'a', undefined, 1);
      await env.bus.publish(before);
      await eventually(env, () => expect(dropped).toEqual([before.id]));
      await subscription.unsubscribe();
      await subscription.unsubscribe();
      const after = contractEvent(env, 'a', undefined, 2);
      await env.bus.publish(after);
      await eventually(env, () => expect(kept).toEqual([before.id, after.id]));
      await quietPeriod(env);
      expect(dropped).toEqual([before.id]);
    },
  },
  {
    name: 'handles a handler that throws as the bus declares (redelivered, or reported and not redelivered)',
    async run(env) {
      const attempts: string[] = [];
      const failure = new Error(`contract handler failure ${env.nonce}`);
      await env.bus.subscribe(async (e) => {
        attempts.push(e.id);
        if (attempts.length === 1) throw failure;
      });
      const event = contractEvent(env, 'a');
      await env.bus.publish(event);
      if (env.failedHandlers === 'redelivered') {
        // At-least-once: the failed attempt is followed by another that succeeds, and then no more.
        await eventually(env, () => expect(attempts).toEqual([event.id, event.id]));
        await quietPeriod(env);
        expect(attempts).toEqual([event.id, event.id]);
      } else {
        await eventually(env, () => expect(env.reportedErrors?.() ?? []).toContain(failure));
        await quietPeriod(env);
        expect(attempts).toEqual([event.id]);
      }
    },
  },
];

/** The log: readAfter, get, latestCursor, tail. */
export const eventBusLogCases: readonly EventBusContractCase[] = [
  {
    name: 'readAfter returns exactly the later events of the tenant, in order, paged by limit',
    async run(env) {
      const tenant = env.tenant('a');
      const events = [0, 1, 2, 3, 4].map((n) => contractEvent(env, 'a', undefined, n));
      for (const e of events) await env.bus.publish(e);
      const all = await env.bus.readAfter(tenant, null, 100);
      expect(all.gap).toBe(false);
      expect(all.events.map((l) => l.event)).toEqual(events);
      const cursors = all.events.map((l) => l.cursor);
      expect(new Set(cursors).size).toBe(5);

      const later = await env.bus.readAfter(tenant, cursors[1] ?? '', 100);
      expect(later).toEqual({ gap: false, events: all.events.slice(2) });
      const page = await env.bus.readAfter(tenant, cursors[1] ?? '', 2);
      expect(page.events.map((l) => l.event.id)).toEqual([events[2]?.id, events[3]?.id]);
      const atEnd = await env.bus.readAfter(tenant, cursors[4] ?? '', 100);
      expect(atEnd).toEqual({ gap: false, events: [] });
    },
  },
  {
    name: 'get returns the event at a cursor, null for another tenant',
    async run(env) {
      const event = contractEvent(env, 'a');
      await env.bus.publish(event);
      const cursor = await env.bus.latestCursor(env.tenant('a'));
      expect(cursor).not.toBeNull();
      expect(await env.bus.get(env.tenant('a'), cursor ?? '')).toEqual({ cursor, event });
      expect(await env.bus.get(env.tenant('b'), cursor ?? '')).toBeNull();
    },
  },
  {
    name: 'latestCursor is null for a tenant without events and follows the newest event',
    async run(env) {
      const tenant = env.tenant('a');
      expect(await env.bus.latestCursor(tenant)).toBeNull();
      await env.bus.publish(contractEvent(env, 'a', undefined, 1));
      const first = await env.bus.latestCursor(tenant);
      await env.bus.publish(contractEvent(env, 'a', undefined, 2));
      await env.bus.publish(contractEvent(env, 'b', undefined, 3));
      const second = await env.bus.latestCursor(tenant);
      const page = await env.bus.readAfter(tenant, null, 100);
      expect(page.events.map((l) => l.cursor)).toEqual([first, second]);
    },
  },
  {
    name: 'keeps tenants apart in readAfter',
    async run(env) {
      const ofA = contractEvent(env, 'a');
      const ofB = contractEvent(env, 'b');
      await env.bus.publish(ofA);
      await env.bus.publish(ofB);
      const pageA = await env.bus.readAfter(env.tenant('a'), null, 100);
      const pageB = await env.bus.readAfter(env.tenant('b'), null, 100);
      expect(pageA.events.map((l) => l.event.id)).toEqual([ofA.id]);
      expect(pageB.events.map((l) => l.event.id)).toEqual([ofB.id]);
      expect(await env.bus.readAfter(env.tenant('c'), null, 100)).toEqual({ gap: false, events: [] });
    },
  },
  {
    name: 'rejects a malformed cursor with a ValidationError naming after',
    async run(env) {
      const error: unknown = await env.bus.readAfter(env.tenant('a'), 'not a cursor', 10).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ violations: [expect.objectContaining({ field: 'after' })] });
    },
  },
  {
    name: 'tail sees events published after it opened, not before, with their cursors',
    async run(env) {
      const seen: LoggedEvent[] = [];
      const before = contractEvent(env, 'a', undefined, 0);
      await env.bus.publish(before);
      const tail = await env.bus.tail({ onEvent: (logged) => void seen.push(logged) });
      try {
        const after = [contractEvent(env, 'a', undefined, 1), contractEvent(env, 'b', undefined, 2), contractEvent(env, 'a', undefined, 3)];
        for (const e of after) await env.bus.publish(e);
        const mine = () => seen.filter((l) => l.event.correlationId === `req_${env.nonce}`);
        await eventually(env, () => expect(mine().map((l) => l.event)).toEqual(after));
        // A tail's cursor is the event's position in its tenant's stream: readAfter agrees.
        const logA = await env.bus.readAfter(env.tenant('a'), null, 100);
        expect(mine().filter((l) => l.event.tenantId === env.tenant('a'))).toEqual(logA.events.slice(1));
      } finally {
        await tail.close();
      }
    },
  },
  {
    name: 'a closed tail receives nothing more',
    async run(env) {
      const seen: string[] = [];
      const tail = await env.bus.tail({ onEvent: (logged) => void seen.push(logged.event.id) });
      const first = contractEvent(env, 'a', undefined, 1);
      await env.bus.publish(first);
      await eventually(env, () => expect(seen).toEqual([first.id]));
      await tail.close();
      await env.bus.publish(contractEvent(env, 'a', undefined, 2));
      await quietPeriod(env);
      expect(seen).toEqual([first.id]);
    },
  },
];
