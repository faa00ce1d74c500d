import type { DomainEvent, EventBusPort, SqlClient } from '@bizosaas/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { EventPlumbingMetrics } from '../events/event-plumbing.metrics.js';
import { errorMessage, type EventBusLogger } from '../events/redis-connection.js';
import { decodeEnvelope } from '../events/redis-stream-codec.js';

export interface OutboxRelayOptions {
  readonly db: SqlClient;
  readonly bus: EventBusPort;
  readonly metrics: EventPlumbingMetrics;
  readonly logger: EventBusLogger;
  /** Rows per pass. Default 100; keep it within the Redis bus's dedupe window (200 entries per tenant). */
  readonly batchSize?: number;
  /** Poll interval when idle (other processes' commits do not wake this one). Default 250 ms. */
  readonly pollMs?: number;
  /** Longest wait between attempts while the bus refuses events. Default 2 s. */
  readonly maxBackoffMs?: number;
  /** A log line when the oldest pending event gets older than this, and one when it is back under. Default 30 s. */
  readonly lagWarnSeconds?: number;
}

const rowSchema = z.object({ id: z.string(), envelope: z.string(), attempts: z.number() });
const statsSchema = z.object({ pending: z.number(), lag: z.number().nullable() });

// One relay per schema at a time (a pass holds this transaction-scoped lock), so events leave in `seq`
// order even with several processes on one database.
const LOCK = `SELECT pg_try_advisory_xact_lock(hashtext('bizosaas.outbox-relay:' || coalesce(current_schema(), ''))) AS locked`;

/**
 * Publishes `event_outbox` rows to the bus, oldest first, and deletes each once the bus accepted it. At
 * least once: a crash between the publish and the delete publishes the row again with the same event id,
 * which the bus drops as a duplicate. When the bus refuses an event the pass stops there (later events
 * wait, keeping each tenant's order), logs once per outage and retries with backoff; it logs again when
 * events flow.
 */
export class OutboxRelay {
  private readonly stopper = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private outageSince: number | null = null;
  private databaseFailing = false;
  private lagWarned = false;
  private readonly lagWarnSeconds: number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly o: OutboxRelayOptions) {
    this.batchSize = o.batchSize ?? 100;
    this.pollMs = o.pollMs ?? 250;
    this.maxBackoffMs = o.maxBackoffMs ?? 2_000;
    this.lagWarnSeconds = o.lagWarnSeconds ?? 30;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Runs a pass now instead of at the next poll (a commit in this process). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the pass in hand. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.wakeUp?.();
    await this.loop;
  }

  /**
   * One pass: publishes up to `batchSize` rows. Returns how many were published, or null when the bus
   * refused one (or the database failed) and the caller should back off.
   */
  async pass(): Promise<number | null> {
    try {
      const published = await this.o.db.transaction(async (tx) => {
        const lock = z.object({ locked: z.boolean() }).parse((await tx.query(LOCK)).rows[0]);
        if (!lock.locked) return 0;
        const rows = z.array(rowSchema).parse((await tx.query('SELECT id, envelope, attempts FROM event_outbox ORDER BY seq LIMIT $1', [this.batchSize])).rows);
        return this.publishRows(tx, rows);
      });
      await this.refreshStats();
      if (this.databaseFailing) {
        this.databaseFailing = false;
        this.o.logger.info({}, 'outbox relay: the database answers again');
      }
      return published;
    } catch (error) {
      // One line per outage, not one per retry.
      if (!this.databaseFailing) this.o.logger.warn({ err: { message: errorMessage(error) } }, 'outbox relay cannot read the outbox; retrying');
      this.databaseFailing = true;
      return null;
    }
  }

  private async publishRows(tx: SqlClient, rows: readonly z.infer<typeof rowSchema>[]): Promise<number | null> {
    const done: string[] = [];
    let refused = false;
    for (const row of rows) {
      let event: DomainEvent;
      try {
        event = decodeEnvelope(row.envelope);
      } catch (error) {
        this.o.metrics.outboxDeadLettered += 1;
        this.o.logger.error({ eventId: row.id, err: { message: errorMessage(error) } }, 'outbox event cannot be published: set aside');
        await tx.query('INSERT INTO event_outbox_dead (id, envelope, reason) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [row.id, row.envelope, errorMessage(error)]);
        done.push(row.id);
        continue;
      }
      try {
        await this.o.bus.publish(event);
      } catch (error) {
        refused = true;
        this.noteOutage(event, error);
        await tx.query('UPDATE event_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, errorMessage(error).slice(0, 500)]);
        break;
      }
      done.push(row.id);
    }
    if (done.length > 0) await tx.query('DELETE FROM event_outbox WHERE id = ANY($1)', [done]);
    this.o.metrics.outboxPublished += done.length;
    if (!refused && this.outageSince !== null) {
      this.o.logger.info({ outageMs: Date.now() - this.outageSince }, 'outbox relay: the event bus accepts events again');
      this.outageSince = null;
    }
    return refused ? null : done.length;
  }

  private noteOutage(event: DomainEvent, error: unknown): void {
    this.o.metrics.outboxPublishFailures += 1;
    if (this.outageSince !== null) return;
    this.outageSince = Date.now();
    this.o.logger.warn({ eventId: event.id, type: event.type, err: { message: errorMessage(error) } }, 'outbox relay: the event bus refused an event; mutations go on, events wait in the outbox');
  }

  private async refreshStats(): Promise<void> {
    const row = statsSchema.parse(
      (await this.o.db.query('SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::float8 AS lag FROM event_outbox')).rows[0],
    );
    const lag = row.lag ?? 0;
    this.o.metrics.outboxPending = row.pending;
    this.o.metrics.outboxLagSeconds = lag;
    if (lag > this.lagWarnSeconds && !this.lagWarned) {
      this.lagWarned = true;
      this.o.logger.warn({ pending: row.pending, lagSeconds: Math.round(lag) }, `outbox lag above ${this.lagWarnSeconds} s: events are waiting to be published`);
    } else if (lag <= this.lagWarnSeconds && this.lagWarned) {
      this.lagWarned = false;
      this.o.logger.info({ pending: row.pending }, 'outbox lag back to normal');
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopper.signal.aborted) {
      const published = await this.pass();
      if (published === null) failures += 1;
      else failures = 0;
      // A full batch means more may be waiting: go again at once.
      if (published === this.batchSize) continue;
      const waitMs = failures > 0 ? Math.min(100 * 2 ** Math.min(failures - 1, 5), this.maxBackoffMs) : this.pollMs;
      await this.idle(waitMs);
    }
  }

  private async idle(ms: number): Promise<void> {
    // A commit during the pass just made: its rows may have missed that pass's SELECT.
    if (this.woken && ms === this.pollMs) {
      this.woken = false;
      return;
    }
    this.woken = false;
    const woken = new Promise<void>((resolve) => (this.wakeUp = resolve));
    await Promise.race([woken, sleep(ms, undefined, { signal: this.stopper.signal }).catch(() => {})]);
    this.wakeUp = undefined;
  }
}
