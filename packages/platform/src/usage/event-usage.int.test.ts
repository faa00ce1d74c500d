import { expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { countEvent, eventUsageMigrations, trimSeenEvents } from './event-usage.js';

const event = (id: string, type: string, occurredAt: string) => ({ id, type, tenantId: 't1', occurredAt, source: 'test', correlationId: id, payload: {} });

describeOnEachEngine('event usage', (context) => {
  it('counts each event once per tenant, type and UTC day, however often it is delivered', async () => {
    const { db } = context();
    await migrate(db, [eventUsageMigrations]);
    expect(await countEvent(db, event('e1', 'crm.contact.created.v1', '2026-12-06T23:59:00+00:00'), 'w1')).toBe(true);
    expect(await countEvent(db, event('e1', 'crm.contact.created.v1', '2026-12-06T23:59:00+00:00'), 'w2')).toBe(false);
    await countEvent(db, event('e2', 'crm.contact.created.v1', '2026-12-07T00:30:00+01:00'), 'w2');
    await countEvent(db, event('e3', 'crm.contact.created.v1', '2026-12-07T00:00:01Z'), 'w2');
    const rows = await db.query('SELECT day::text AS day, events::int AS events FROM event_usage ORDER BY day');
    expect(rows.rows).toEqual([
      { day: '2026-12-06', events: 2 },
      { day: '2026-12-07', events: 1 },
    ]);
    const seen = await db.query('SELECT event_id, handled_by FROM event_usage_seen ORDER BY event_id');
    expect(seen.rows).toEqual([
      { event_id: 'e1', handled_by: 'w1' },
      { event_id: 'e2', handled_by: 'w2' },
      { event_id: 'e3', handled_by: 'w2' },
    ]);
  });

  it('forgets seen ids older than a week, and keeps the recent ones', async () => {
    const { db } = context();
    await migrate(db, [eventUsageMigrations]);
    await db.query(`INSERT INTO event_usage_seen (event_id, handled_by, handled_at) VALUES ('old', 'w1', now() - interval '8 days'), ('recent', 'w1', now() - interval '6 days')`);
    expect(await trimSeenEvents(db)).toBe(1);
    const left = await db.query(`SELECT event_id FROM event_usage_seen WHERE event_id IN ('old', 'recent')`);
    expect(left.rows).toEqual([{ event_id: 'recent' }]);
  });
});
