import { ConnectorError, createEvent, type DomainEvent, type EventBusPort } from '@bizosaas/domain';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate, platformMigrationSet } from '../db/index.js';
import { EventPlumbingMetrics } from '../events/event-plumbing.metrics.js';
import { InProcessEventBus } from '../events/in-process-event-bus.js';
import { AmbientTransactions } from './ambient-transaction.js';
import { OutboxRelay } from './outbox-relay.js';
import { SqlOutbox } from './sql-outbox.js';

const event = (tenantId: string, n: number): DomainEvent => createEvent('test.thing.happened.v1', { n }, { tenantId, source: 'test' });

/** A bus that refuses every publish while `down`, as the Redis bus does during an outage. */
class SwitchableBus implements EventBusPort {
  down = false;
  readonly accepted: DomainEvent[] = [];
  constructor(private readonly inner: InProcessEventBus) {}
  async publish(e: DomainEvent): Promise<void> {
    if (this.down) throw new ConnectorError('upstream_unavailable', 'redis', 'Redis is down');
    this.accepted.push(e);
    await this.inner.publish(e);
  }
  subscribe: EventBusPort['subscribe'] = (handler, options) => this.inner.subscribe(handler, options);
  close = () => this.inner.close();
}

describeOnEachEngine('the transactional outbox', (context) => {
  const lines: { level: string; fields: object; message: string }[] = [];
  const logger = {
    debug: (fields: object, message: string) => lines.push({ level: 'debug', fields, message }),
    info: (fields: object, message: string) => lines.push({ level: 'info', fields, message }),
    warn: (fields: object, message: string) => lines.push({ level: 'warn', fields, message }),
    error: (fields: object, message: string) => lines.push({ level: 'error', fields, message }),
  };

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet]);
    await db.query('CREATE TABLE IF NOT EXISTS outbox_things (id text PRIMARY KEY)');
  });
  beforeEach(async () => {
    lines.length = 0;
    await context().db.query('DELETE FROM outbox_things; DELETE FROM event_outbox');
  });

  it('commits the change made through the ambient client and its events together, or neither', async () => {
    const { db } = context();
    const transactions = new AmbientTransactions(db);
    let woken = 0;
    const outbox = new SqlOutbox(transactions, () => (woken += 1));
    const first = event('ten_a', 1);

    const id = await outbox.commit(async (record) => {
      await transactions.client.query('INSERT INTO outbox_things (id) VALUES ($1)', ['thing_1']);
      record(first);
      return 'thing_1';
    });
    expect(id).toBe('thing_1');
    expect(woken).toBe(1);

    const failing = outbox.commit(async (record) => {
      await transactions.client.query('INSERT INTO outbox_things (id) VALUES ($1)', ['thing_2']);
      record(event('ten_a', 2));
      throw new Error('the adapter failed after writing');
    });
    await expect(failing).rejects.toThrow('the adapter failed after writing');
    expect(woken).toBe(1);

    expect((await db.query('SELECT id FROM outbox_things ORDER BY id')).rows).toEqual([{ id: 'thing_1' }]);
    expect((await db.query('SELECT id, tenant_id FROM event_outbox')).rows).toEqual([{ id: first.id, tenant_id: 'ten_a' }]);
  });

  it('holds no transaction while a change only waits on a provider, then commits its events briefly', async () => {
    const { db } = context();
    let begun = 0;
    const counting: typeof db = { ...db, transaction: (work) => ((begun += 1), db.transaction(work)) };
    const outbox = new SqlOutbox(new AmbientTransactions(counting));
    const e = event('ten_ext', 1);
    await outbox.commit(async (record) => {
      await new Promise((resolve) => setTimeout(resolve, 20)); // the upstream call
      expect(begun).toBe(0);
      record(e);
    });
    expect(begun).toBe(1);
    expect((await db.query('SELECT id FROM event_outbox')).rows).toEqual([{ id: e.id }]);
    // A change that records nothing and queries nothing opens nothing at all.
    await outbox.commit(async () => 'read-only');
    expect(begun).toBe(1);
  });

  it('joins an enclosing unit: an inner commit is undone when the outer one fails', async () => {
    const { db } = context();
    const transactions = new AmbientTransactions(db);
    const outbox = new SqlOutbox(transactions);
    const failing = outbox.commit(async (record) => {
      await outbox.commit(async (inner) => {
        await transactions.client.query('INSERT INTO outbox_things (id) VALUES ($1)', ['inner']);
        inner(event('ten_nested', 1));
      });
      record(event('ten_nested', 2));
      throw new Error('the outer change failed');
    });
    await expect(failing).rejects.toThrow('the outer change failed');
    expect((await db.query('SELECT count(*)::int AS n FROM outbox_things')).rows).toEqual([{ n: 0 }]);
    expect((await db.query('SELECT count(*)::int AS n FROM event_outbox')).rows).toEqual([{ n: 0 }]);
  });

  it('keeps one order when two processes relay the same outbox (one pass at a time)', async () => {
    const { db, openPeer } = context();
    const peer = await openPeer();
    const outbox = new SqlOutbox(new AmbientTransactions(db));
    const bus = new SwitchableBus(new InProcessEventBus());
    const relays = [db, peer].map((client) => new OutboxRelay({ db: client, bus, metrics: new EventPlumbingMetrics(), logger, pollMs: 5, batchSize: 7 }));
    const recorded: string[] = [];
    relays.forEach((relay) => relay.start());
    try {
      for (let n = 0; n < 40; n += 1) {
        const e = event(n % 3 === 0 ? 'ten_a' : 'ten_b', n);
        recorded.push(e.id);
        await outbox.commit(async (record) => record(e));
      }
      await expect.poll(() => bus.accepted.length).toBe(40);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
    expect(bus.accepted.map((e) => e.id)).toEqual(recorded);
  });

  it('relays in order with the outbox id as event id, waits out a bus outage, and counts the lag', async () => {
    const { db } = context();
    const outbox = new SqlOutbox(new AmbientTransactions(db));
    const bus = new SwitchableBus(new InProcessEventBus());
    const metrics = new EventPlumbingMetrics();
    const relay = new OutboxRelay({ db, bus, metrics, logger, pollMs: 20, maxBackoffMs: 50, lagWarnSeconds: 0.05 });
    const recorded: DomainEvent[] = [];
    const commitOne = async (tenantId: string, n: number) => {
      const e = event(tenantId, n);
      recorded.push(e);
      await outbox.commit(async (record) => record(e));
    };

    for (let n = 0; n < 3; n += 1) await commitOne(n % 2 === 0 ? 'ten_a' : 'ten_b', n);
    bus.down = true;
    await expect(relay.pass()).resolves.toBeNull();
    expect(metrics.outboxPending).toBe(3);
    expect(metrics.outboxPublishFailures).toBe(1);
    expect(lines.filter((l) => l.level === 'warn' && l.message.includes('refused an event'))).toHaveLength(1);
    for (let n = 3; n < 6; n += 1) await commitOne(n % 2 === 0 ? 'ten_a' : 'ten_b', n);

    relay.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(bus.accepted).toEqual([]);
      // One warning for the whole outage, however many passes it refused.
      expect(lines.filter((l) => l.message.includes('refused an event'))).toHaveLength(1);
      expect(metrics.outboxLagSeconds).toBeGreaterThan(0.05);
      expect(lines.filter((l) => l.level === 'warn' && l.message.startsWith('outbox lag above'))).toHaveLength(1);

      bus.down = false;
      await expect.poll(() => bus.accepted.length).toBe(6);
      expect(bus.accepted.map((e) => e.id)).toEqual(recorded.map((e) => e.id));
      expect(bus.accepted.map((e) => e.payload)).toEqual(recorded.map((e) => e.payload));
      await expect.poll(() => metrics.outboxPending).toBe(0);
      expect(metrics.outboxPublished).toBe(6);
      expect(lines.some((l) => l.level === 'info' && l.message.includes('accepts events again'))).toBe(true);
      await expect.poll(() => lines.some((l) => l.level === 'info' && l.message === 'outbox lag back to normal')).toBe(true);
      expect((await db.query('SELECT count(*)::int AS n FROM event_outbox')).rows).toEqual([{ n: 0 }]);
    } finally {
      await relay.stop();
    }
  });

  it('logs one line while it cannot read the outbox, and one when the database answers again', async () => {
    const { db } = context();
    let failing = true;
    const flaky: typeof db = { ...db, transaction: (work) => (failing ? Promise.reject(new Error('connection refused')) : db.transaction(work)) };
    const relay = new OutboxRelay({ db: flaky, bus: new InProcessEventBus(), metrics: new EventPlumbingMetrics(), logger });
    for (let i = 0; i < 3; i += 1) await expect(relay.pass()).resolves.toBeNull();
    expect(lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', fields: { err: { message: 'connection refused' } }, message: 'outbox relay cannot read the outbox; retrying' }]);
    failing = false;
    await expect(relay.pass()).resolves.toBe(0);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual(['outbox relay: the database answers again']);
  });

  it('publishes a row again after a crash between publish and delete, and the bus keeps one copy', async () => {
    const { db } = context();
    const inner = new InProcessEventBus();
    const outbox = new SqlOutbox(new AmbientTransactions(db));
    const relay = new OutboxRelay({ db, bus: inner, metrics: new EventPlumbingMetrics(), logger });
    const e = event('ten_a', 7);
    await outbox.commit(async (record) => record(e));
    await relay.pass();
    // As if the process died after the publish and before the delete committed.
    await outbox.commit(async (record) => record(e));
    await relay.pass();
    const page = await inner.readAfter('ten_a', null, 10);
    expect(page.events.map((l) => l.event.id)).toEqual([e.id]);
  });

  it('sets aside a row whose envelope cannot be read, with a log line and a count, and goes on', async () => {
    const { db } = context();
    const bus = new SwitchableBus(new InProcessEventBus());
    const metrics = new EventPlumbingMetrics();
    const relay = new OutboxRelay({ db, bus, metrics, logger });
    await db.query(`INSERT INTO event_outbox (id, tenant_id, type, envelope) VALUES ('evt_bad', 'ten_a', 'x.y.v1', 'not json')`);
    const good = event('ten_a', 8);
    await new SqlOutbox(new AmbientTransactions(db)).commit(async (record) => record(good));
    await relay.pass();
    expect(bus.accepted.map((x) => x.id)).toEqual([good.id]);
    expect(metrics.outboxDeadLettered).toBe(1);
    expect(lines.some((l) => l.level === 'error' && l.message.includes('set aside'))).toBe(true);
    expect((await db.query(`SELECT id, reason FROM event_outbox_dead`)).rows).toEqual([{ id: 'evt_bad', reason: 'the event envelope is not JSON' }]);
  });
});
