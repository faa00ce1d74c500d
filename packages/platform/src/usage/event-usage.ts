import type { DomainEvent, EventBusPort, EventSubscription, SqlClient } from '@bizosaas/domain';
import { hostname } from 'node:os';
import { migrate, type MigrationSet } from '../db/migrate.js';

/** The consumer group every worker joins: each event is counted by one of them. */
export const EVENT_USAGE_GROUP = 'bizosaas:event-usage';

/**
 * Per tenant, event type and UTC day: how many domain events happened (usage metering: what a tenant's
 * integrations did, the basis of a usage bill). `event_usage_seen` makes counting idempotent: the bus
 * delivers at least once, and an event redelivered after a worker died is counted once.
 */
export const eventUsageMigrations: MigrationSet = {
  name: 'event-usage',
  migrations: [
    {
      id: '0001_event_usage',
      sql: `CREATE TABLE event_usage (
        tenant_id text NOT NULL,
        event_type text NOT NULL,
        day date NOT NULL,
        events bigint NOT NULL,
        PRIMARY KEY (tenant_id, day, event_type)
      );
      CREATE TABLE event_usage_seen (
        event_id text PRIMARY KEY,
        handled_by text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX event_usage_seen_by_time ON event_usage_seen (handled_at)`,
    },
  ],
};

/** Counts `event` once, whatever the number of deliveries; `handledBy` names the worker process. */
export async function countEvent(sql: SqlClient, event: DomainEvent, handledBy: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const seen = await tx.query('INSERT INTO event_usage_seen (event_id, handled_by) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING', [event.id, handledBy]);
    if (seen.rowCount === 0) return false;
    await tx.query(
      `INSERT INTO event_usage (tenant_id, event_type, day, events) VALUES ($1, $2, ($3::timestamptz AT TIME ZONE 'UTC')::date, 1)
       ON CONFLICT (tenant_id, day, event_type) DO UPDATE SET events = event_usage.events + 1`,
      [event.tenantId, event.type, event.occurredAt],
    );
    return true;
  });
}

const HOUR_MS = 3_600_000;

/**
 * Forgets seen ids older than a week: far longer than any redelivery (claim idle time, stream retention)
 * takes, so the table stays small. Returns how many were removed.
 */
export async function trimSeenEvents(sql: SqlClient): Promise<number> {
  const result = await sql.query(`DELETE FROM event_usage_seen WHERE handled_at < now() - interval '7 days'`);
  return result.rowCount;
}

/**
 * Joins the usage consumer group: migrates its tables (under the migration lock, so workers starting
 * together are safe), then counts every event handed to this member, and trims old seen ids hourly.
 */
export async function startEventUsageCounter(deps: { readonly db: SqlClient; readonly events: EventBusPort }): Promise<EventSubscription> {
  await migrate(deps.db, [eventUsageMigrations]);
  const handledBy = `${hostname()}:${process.pid}`;
  const subscription = await deps.events.subscribe(async (event) => {
    await countEvent(deps.db, event, handledBy);
  }, { group: EVENT_USAGE_GROUP });
  // A failed trim is retried next hour; the table only grows a little meanwhile.
  const trim = setInterval(() => void trimSeenEvents(deps.db).catch(() => undefined), HOUR_MS);
  trim.unref();
  return {
    unsubscribe: async () => {
      clearInterval(trim);
      await subscription.unsubscribe();
    },
  };
}
