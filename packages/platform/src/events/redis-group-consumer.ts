import type { EventHandler, SubscribeOptions } from '@bizosaas/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventPlumbingMetrics } from './event-plumbing.metrics.js';
import { wantsEvent } from './event-filter.js';
import { errorMessage, isBusyGroupError, isNoGroupError, logReadFailure, type EventBusLogger, type RedisClient, type RedisOutageReporter } from './redis-connection.js';
import { autoClaimSchema, compareStreamIds, decodeEnvelope, pendingSchema, streamEntriesSchema, streamReadSchema, toGlobalEntry, type StreamEntry } from './redis-stream-codec.js';

export interface GroupConsumerSettings {
  readonly streamKey: string;
  readonly deadLetterKey: string;
  readonly retentionDeadLetter: number;
  readonly group: string;
  /** The key marking an event id as handled by this group (dedupe of redeliveries and republished events). */
  readonly handledKey: (eventId: string) => string;
  readonly handledSeconds: number;
  readonly metrics: EventPlumbingMetrics;
  readonly consumer: string;
  readonly handler: EventHandler;
  readonly filter: SubscribeOptions;
  readonly claimIdleMs: number;
  readonly maxDeliveries: number;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly logger: EventBusLogger;
  readonly outage?: RedisOutageReporter | undefined;
  readonly onGap: (reason: string) => void;
}

/** Creates the group at `start` (and the stream if missing); an existing group is kept as it is. */
export async function ensureGroup(client: RedisClient, streamKey: string, group: string, start: string): Promise<void> {
  try {
    // https://redis.io/docs/latest/commands/xgroup-create/
    await client.xgroup('CREATE', streamKey, group, start, 'MKSTREAM');
  } catch (error) {
    if (!isBusyGroupError(error)) throw error;
  }
}

/**
 * One member of a consumer group on the global stream, reading on its own connection: XREADGROUP BLOCK
 * for new entries, XAUTOCLAIM for entries other members (or this one) left unacknowledged longer than
 * `claimIdleMs`, XACK once the handler resolved. At-least-once: a handler that throws leaves the entry
 * pending, so it is retried after `claimIdleMs`; the attempt that reaches `maxDeliveries` moves it to the
 * dead-letter stream instead. A lost group (NOGROUP) is recreated and reported to `onGap`.
 */
export class RedisGroupConsumer {
  private readonly stopper = new AbortController();
  private blocked = false;
  private loop: Promise<void> = Promise.resolve();
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  /** Newest id read as new; a recreated group starts after it. */
  private lastReadId = '0-0';

  constructor(
    private readonly connection: RedisClient,
    private readonly s: GroupConsumerSettings,
  ) {}

  /** Creates the group (from `$`: events published from now on) and starts the read loop. */
  async start(): Promise<void> {
    await ensureGroup(this.connection, this.s.streamKey, this.s.group, '$');
    const [newest] = streamEntriesSchema.parse(await this.connection.xrevrange(this.s.streamKey, '+', '-', 'COUNT', 1));
    if (newest !== undefined) this.lastReadId = newest[0];
    this.nextClaimAt = Date.now() + this.claimIntervalMs;
    this.loop = this.run();
  }

  /** Stops after the entry in hand (its handler finishes and is acknowledged); interrupts a blocked read. */
  async stop(): Promise<void> {
    if (this.stopper.signal.aborted) return this.loop;
    this.stopper.abort();
    if (this.blocked) this.connection.disconnect();
    await this.loop;
  }

  private get claimIntervalMs(): number {
    return Math.max(50, Math.min(this.s.claimIdleMs / 2, 5_000));
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (Date.now() >= this.nextClaimAt) {
          await this.reclaim();
          this.nextClaimAt = Date.now() + this.claimIntervalMs;
        }
        for (const entry of await this.readNew()) {
          if (this.stopped) break;
          if (compareStreamIds(entry[0], this.lastReadId) > 0) this.lastReadId = entry[0];
          await this.process(entry, 1);
        }
        failures = 0;
      } catch (error) {
        if (this.stopped) break;
        if (isNoGroupError(error)) {
          await this.recreateGroup().catch((e: unknown) => this.s.logger.warn({ group: this.s.group, err: { message: errorMessage(e) } }, 'could not recreate the consumer group'));
          continue;
        }
        failures += 1;
        logReadFailure(this.s, { group: this.s.group, failures }, error, 'event subscription read failed; retrying');
        await sleep(Math.min(100 * 2 ** Math.min(failures - 1, 5), 2_000), undefined, { signal: this.stopper.signal }).catch(() => {});
      }
    }
  }

  private async readNew(): Promise<StreamEntry[]> {
    if (this.stopped) return [];
    // The flag and the command are set in the same tick, so `stop` either sees the read in flight (and
    // disconnects to end it) or the loop sees `stopped` before reading.
    this.blocked = true;
    try {
      // https://redis.io/docs/latest/commands/xreadgroup/
      const reply = await this.connection.xreadgroup(
        'GROUP', this.s.group, this.s.consumer,
        'COUNT', this.s.batchSize,
        'BLOCK', Math.min(this.s.blockMs, this.claimIntervalMs),
        'STREAMS', this.s.streamKey, '>',
      );
      return streamReadSchema.parse(reply)?.[0]?.[1] ?? [];
    } finally {
      this.blocked = false;
    }
  }

  /** Takes over entries idle longer than `claimIdleMs` (a dead member's, or this one's failed attempts). */
  private async reclaim(): Promise<void> {
    // https://redis.io/docs/latest/commands/xautoclaim/ (claiming counts as a delivery)
    const reply = await this.connection.xautoclaim(this.s.streamKey, this.s.group, this.s.consumer, this.s.claimIdleMs, this.claimCursor, 'COUNT', this.s.batchSize);
    const [next, claimed, deleted] = autoClaimSchema.parse(reply);
    this.claimCursor = next;
    // Entries trimmed from the stream while pending: Redis drops them from the group; nothing can handle them.
    if (deleted !== undefined && deleted.length > 0) {
      this.s.metrics.trimmedPending += deleted.length;
      this.s.logger.error({ group: this.s.group, count: deleted.length, streamIds: deleted.slice(0, 20) }, 'pending events were trimmed from the stream before any consumer acknowledged them');
    }
    const entries = claimed.filter((e): e is StreamEntry => e !== null);
    if (entries.length === 0) return;
    const deliveries = await this.deliveryCounts(entries.map((e) => e[0]));
    for (const entry of entries) {
      if (this.stopped) return;
      const count = deliveries.get(entry[0]) ?? 1;
      // More deliveries than allowed without an answer: members crashed handling it. Do not try again.
      if (count > this.s.maxDeliveries) await this.deadLetter(entry, `not acknowledged after ${count - 1} deliveries (the consumers handling it stopped)`, count - 1);
      else await this.process(entry, count);
    }
  }

  /** Times delivered, per id, from XPENDING (one pipelined range query per id). */
  private async deliveryCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const pipeline = this.connection.pipeline();
    // https://redis.io/docs/latest/commands/xpending/
    for (const id of ids) pipeline.xpending(this.s.streamKey, this.s.group, id, id, 1, this.s.consumer);
    const counts = new Map<string, number>();
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      for (const [id, , , times] of pendingSchema.parse(reply)) counts.set(id, times);
    }
    return counts;
  }

  private async process(entry: StreamEntry, deliveries: number): Promise<void> {
    let routed;
    try {
      routed = toGlobalEntry(entry);
    } catch (error) {
      await this.deadLetter(entry, errorMessage(error), deliveries);
      return;
    }
    if (!wantsEvent(this.s.filter, routed.tenantId, routed.type)) {
      await this.connection.xack(this.s.streamKey, this.s.group, routed.id);
      return;
    }
    let event;
    try {
      event = decodeEnvelope(routed.envelope);
    } catch (error) {
      await this.deadLetter(entry, errorMessage(error), deliveries);
      return;
    }
    // The same event id again (a redelivery after a crash, or a republished outbox row): handled once.
    const handledKey = this.s.handledKey(event.id);
    if ((await this.connection.exists(handledKey)) === 1) {
      this.s.metrics.duplicatesDropped += 1;
      this.s.logger.debug({ group: this.s.group, eventId: event.id }, 'duplicate event dropped');
      await this.connection.xack(this.s.streamKey, this.s.group, routed.id);
      return;
    }
    try {
      await this.s.handler(event);
    } catch (error) {
      const message = errorMessage(error);
      this.s.logger.warn({ group: this.s.group, streamId: routed.id, type: routed.type, tenantId: routed.tenantId, deliveries, err: { message } }, 'event handler failed');
      // Left pending otherwise: reclaimed and retried once idle for claimIdleMs.
      if (deliveries >= this.s.maxDeliveries) await this.deadLetter(entry, message, deliveries);
      return;
    }
    await this.connection.multi().set(handledKey, routed.id, 'EX', this.s.handledSeconds).xack(this.s.streamKey, this.s.group, routed.id).exec();
  }

  /** Copies the entry to the dead-letter stream with the reason, and acknowledges it, atomically. */
  private async deadLetter(entry: StreamEntry, reason: string, deliveries: number): Promise<void> {
    const [id, fields] = entry;
    this.s.metrics.deadLettered += 1;
    this.s.logger.error({ group: this.s.group, streamId: id, deliveries, err: { message: reason } }, 'event moved to the dead-letter stream');
    const result = await this.connection
      .multi()
      .xadd(this.s.deadLetterKey, 'MAXLEN', '~', this.s.retentionDeadLetter, '*', 'originalId', id, 'group', this.s.group, 'consumer', this.s.consumer, 'deliveries', String(deliveries), 'error', reason.slice(0, 2_000), 'failedAt', new Date().toISOString(), ...fields)
      .xack(this.s.streamKey, this.s.group, id)
      .exec();
    const failed = result?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }

  /**
   * After NOGROUP: recreate the group right after the last entry read when the stream still holds it (only
   * the group was lost), else from the start of the stream (the stream was reset: all of it is new).
   */
  private async recreateGroup(): Promise<void> {
    const [kept] = streamEntriesSchema.parse(await this.connection.xrange(this.s.streamKey, this.lastReadId, this.lastReadId));
    const start = kept !== undefined ? this.lastReadId : '0';
    await ensureGroup(this.connection, this.s.streamKey, this.s.group, start);
    this.claimCursor = '0-0';
    const reason = kept !== undefined ? 'the consumer group was deleted' : 'the event stream was reset (Redis restarted without persistence?)';
    this.s.logger.warn({ group: this.s.group, start }, `consumer group recreated: ${reason}`);
    this.s.onGap(`consumer group ${this.s.group} recreated: ${reason}`);
  }
}
