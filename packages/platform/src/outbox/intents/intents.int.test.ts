import { ConnectorError, createEvent, JOINS_UNIT_OF_WORK, UndecidableWriteError, type DomainEvent, type IntentResolver, type PendingIntent } from '@bizosaas/domain';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeOnEachEngine } from '../../db/database.test-support.js';
import { migrate, platformMigrationSet } from '../../db/index.js';
import { AmbientTransactions } from '../ambient-transaction.js';
import { SqlOutbox } from '../sql-outbox.js';
import { IntentRecovery } from './intent-recovery.js';
import { intentMigrationSet } from './intent.migrations.js';
import { SqlIntentStore } from './sql-intent-store.js';

const intent = { tenantId: 'ten_a', operation: 'test.thing.create', input: { name: 'thing-1' } };
const happened = (tenantId: string, name: string): DomainEvent => createEvent('test.thing.created.v1', { name }, { tenantId, source: 'test' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeOnEachEngine('external intents', (context) => {
  const lines: { level: string; message: string }[] = [];
  const logger = {
    debug: (_fields: object, message: string) => lines.push({ level: 'debug', message }),
    info: (_fields: object, message: string) => lines.push({ level: 'info', message }),
    warn: (_fields: object, message: string) => lines.push({ level: 'warn', message }),
    error: (_fields: object, message: string) => lines.push({ level: 'error', message }),
  };
  const metrics = { pendingIntents: -1, intentsNeedingReview: -1, intentsRecovered: 0 };
  const setup = (leaseSeconds = 1) => {
    const { db } = context();
    const store = new SqlIntentStore(db, leaseSeconds);
    const outbox = new SqlOutbox(new AmbientTransactions(db), () => {}, store);
    const recovery = (resolvers: IntentResolver[]) => {
      const r = new IntentRecovery({ db, store, logger, onCommitted: () => {}, metrics });
      r.start(resolvers);
      return r;
    };
    return { db, store, outbox, recovery };
  };
  const states = async () => (await context().db.query('SELECT state FROM external_intents ORDER BY created_at')).rows.map((row) => row.state);
  const outboxEvents = async () => (await context().db.query('SELECT type FROM event_outbox ORDER BY seq')).rows.map((row) => row.type);

  beforeAll(async () => {
    await migrate(context().db, [platformMigrationSet, intentMigrationSet]);
  });
  beforeEach(async () => {
    lines.length = 0;
    await context().db.query('DELETE FROM external_intents; DELETE FROM event_outbox');
  });

  it('commits the intent before the call, hands its key to the change, and completes it with the events', async () => {
    const { db, outbox } = setup();
    let seen: { key: string | undefined; rows: unknown[] } = { key: undefined, rows: [] };
    await outbox.commit(
      async (record, unit) => {
        // Another connection sees the intent while the "upstream call" runs: it was committed first.
        seen = { key: unit.idempotencyKey, rows: (await db.query('SELECT state, idempotency_key FROM external_intents')).rows };
        record(happened('ten_a', 'thing-1'));
        return 'ok';
      },
      { intent },
    );
    expect(seen.key).toMatch(/^bizosaas-intent-[0-9a-f-]{36}$/);
    expect(seen.rows).toEqual([{ state: 'pending', idempotency_key: seen.key }]);
    expect(await states()).toEqual(['completed']);
    expect(await outboxEvents()).toEqual(['test.thing.created.v1']);
  });

  it('records no intent for a change through an adapter whose writes join the transaction, one for any other', async () => {
    const { outbox } = setup();
    const sandbox = { [JOINS_UNIT_OF_WORK]: true };
    const external = { provider: 'hubspot' };
    const change = async (record: (event: DomainEvent) => void, unit: { idempotencyKey: string | undefined }) => {
      record(happened('ten_a', 'thing-1'));
      return unit.idempotencyKey;
    };
    expect(await outbox.commit(change, { intent, through: sandbox })).toBeUndefined();
    expect(await states()).toEqual([]);
    expect(await outbox.commit(change, { intent, through: external })).toMatch(/^bizosaas-intent-/);
    expect(await states()).toEqual(['completed']);
    expect(await outboxEvents()).toEqual(['test.thing.created.v1', 'test.thing.created.v1']);
  });

  it('settles a refused write as no effect at once, and leaves an unknown outcome to the recovery pass', async () => {
    const { db, outbox } = setup(600);
    const refused = outbox.commit(async () => Promise.reject(new ConnectorError('conflict', 'hubspot', 'already exists')), { intent });
    await expect(refused).rejects.toThrow('already exists');
    const unknown = outbox.commit(async () => Promise.reject(new ConnectorError('upstream_unavailable', 'hubspot', 'timed out')), { intent });
    await expect(unknown).rejects.toThrow('timed out');
    const rows = (await db.query(`SELECT state, lease_until <= now() AS expired FROM external_intents ORDER BY created_at`)).rows;
    expect(rows).toEqual([{ state: 'no_effect', expired: false }, { state: 'pending', expired: true }]);
    expect(await outboxEvents()).toEqual([]);
  });

  it('settles intents a crash left pending once their lease ran out: took effect with its event, or no effect', async () => {
    const { store, recovery } = setup(1);
    const tookEffect = await store.begin(intent);
    const noEffect = await store.begin({ ...intent, input: { name: 'thing-2' } });
    const asked: PendingIntent[] = [];
    const resolver: IntentResolver = {
      operation: 'test.thing.create',
      async resolve(pending, record) {
        asked.push(pending);
        if (pending.input.name !== 'thing-1') return 'no_effect';
        record(happened(pending.tenantId, 'thing-1'));
        return 'took_effect';
      },
    };
    const running = recovery([resolver]);
    try {
      await sleep(300);
      expect(asked).toEqual([]); // the lease still holds: the caller's call may be running
      for (let i = 0; i < 50 && (await states()).includes('pending'); i += 1) await sleep(100);
    } finally {
      await running.stop();
    }
    // Each asked once, with its own key (two intents begun within a millisecond may come in either order).
    expect(asked.map((a) => [a.id, a.idempotencyKey])).toHaveLength(2);
    expect(asked.map((a) => [a.id, a.idempotencyKey])).toEqual(expect.arrayContaining([
      [tookEffect.id, tookEffect.idempotencyKey],
      [noEffect.id, noEffect.idempotencyKey],
    ]));
    expect(await states()).toEqual(['completed', 'no_effect']);
    expect(await outboxEvents()).toEqual(['test.thing.created.v1']);
    expect(lines.filter((l) => l.message === 'settled an intent left pending')).toHaveLength(2);
    expect(metrics).toMatchObject({ pendingIntents: 0 });
    expect(metrics.intentsRecovered).toBeGreaterThanOrEqual(2);
  });

  it('keeps an intent pending while its resolver cannot tell, and stores no event twice when the caller completes late', async () => {
    const { db, store, outbox, recovery } = setup(1);
    const failing: IntentResolver = { operation: 'test.thing.create', resolve: () => Promise.reject(new Error('provider down')) };
    const pending = await store.begin(intent);
    const running = recovery([failing]);
    try {
      for (let i = 0; i < 50 && (await db.query('SELECT 1 FROM external_intents WHERE last_error IS NOT NULL')).rows.length === 0; i += 1) await sleep(100);
    } finally {
      await running.stop();
    }
    expect(await states()).toEqual(['pending']);
    expect(lines.some((l) => l.level === 'warn' && l.message.startsWith('could not settle'))).toBe(true);
    expect(pending.idempotencyKey).toContain(pending.id);

    // A call that outlived its lease while the pass completed its intent: the late completion adds no event.
    await db.query(`DELETE FROM external_intents`);
    await outbox.commit(
      async (record) => {
        await db.query(`UPDATE external_intents SET state = 'completed'`);
        record(happened('ten_a', 'late'));
      },
      { intent },
    );
    expect(await outboxEvents()).toEqual([]);
  });
  it('sets an intent no machine can decide aside for a person: claimed once, logged once, counted, never purged', async () => {
    const { db, store, recovery } = setup(1);
    let asked = 0;
    const undecidable: IntentResolver = {
      operation: 'test.thing.create',
      resolve: () => {
        asked += 1;
        return Promise.reject(new UndecidableWriteError('cannot tell whether thing-1 was created; check it at the provider'));
      },
    };
    const other = await store.begin({ ...intent, operation: 'test.other' });
    await store.begin(intent);
    await db.query(`UPDATE external_intents SET lease_until = now() - interval '1 second'`);
    const running = recovery([undecidable]);
    try {
      for (let i = 0; i < 50 && !(await states()).includes('needs_review'); i += 1) await sleep(100);
      await sleep(1500); // more passes: the set-aside intent is not claimed again
    } finally {
      await running.stop();
    }
    expect(asked).toBe(1);
    const rows = (await db.query(`SELECT operation, state, last_error FROM external_intents ORDER BY operation`)).rows;
    expect(rows).toEqual([
      { operation: 'test.other', state: 'pending', last_error: null },
      { operation: 'test.thing.create', state: 'needs_review', last_error: 'cannot tell whether thing-1 was created; check it at the provider' },
    ]);
    expect(lines.filter((l) => l.level === 'error' && l.message.includes('needs_review'))).toHaveLength(1);
    expect(lines.some((l) => l.level === 'warn')).toBe(false);
    expect(await store.openCounts()).toEqual({ pending: 1, needsReview: 1 });
    expect(metrics.intentsNeedingReview).toBe(1);
    // Kept past the settled intents' retention, unlike completed and no-effect ones.
    await db.query(`UPDATE external_intents SET state = 'no_effect', settled_at = now() - interval '30 days' WHERE id = $1`, [other.id]);
    await db.query(`UPDATE external_intents SET settled_at = now() - interval '30 days' WHERE state = 'needs_review'`);
    await store.purgeSettled();
    expect(await states()).toEqual(['needs_review']);
  });
});
