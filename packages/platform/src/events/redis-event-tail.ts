import type { EventTail, TailOptions } from '@bizosaas/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, logReadFailure, type EventBusLogger, type RedisClient, type RedisOutageReporter } from './redis-connection.js';
import { compareStreamIds, decodeEnvelope, streamEntriesSchema, streamReadSchema, toGlobalEntry } from './redis-stream-codec.js';

export interface TailSettings {
  readonly streamKey: string;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly logger: EventBusLogger;
  readonly outage?: RedisOutageReporter | undefined;
}

/**
 * One blocking XREAD loop over the global stream, on its own connection. It reads from the id of the last
 * entry it saw, never from `$` after opening, so a reconnect does not skip what was published meanwhile;
 * after a connection failure it checks whether the stream was reset or trimmed past that id and, if so,
 * calls `onGap` and carries on from the oldest entry of the new stream.
 */
export class RedisEventTail implements EventTail {
  private readonly stopper = new AbortController();
  private blocked = false;
  private loop: Promise<void> = Promise.resolve();
  private lastId = '0-0';
  /** The last id seen when a connection dropped: if the stream no longer holds it, events were lost. */
  private suspectFrom: string | undefined;

  constructor(
    private readonly connection: RedisClient,
    private readonly s: TailSettings,
    private readonly options: TailOptions,
  ) {
    // A dropped connection may mean a restarted Redis; check before delivering more. A cluster stays up
    // when one node's connection drops ('-node') and retries the read elsewhere without an error.
    const suspect = () => {
      this.suspectFrom ??= this.lastId;
    };
    connection.on('close', suspect);
    connection.on('-node', suspect);
  }

  /**
   * Pins "now" to the id of the newest entry (what `$` would mean) before resolving, so an event published
   * after `open` returns is always seen, even if the first read reaches Redis later.
   */
  async open(): Promise<void> {
    const [newest] = streamEntriesSchema.parse(await this.connection.xrevrange(this.s.streamKey, '+', '-', 'COUNT', 1));
    this.lastId = newest?.[0] ?? '0-0';
    this.suspectFrom = undefined;
    this.loop = this.run();
  }

  async close(): Promise<void> {
    if (this.stopper.signal.aborted) return this.loop;
    this.stopper.abort();
    if (this.blocked) this.connection.disconnect();
    await this.loop;
    this.connection.disconnect();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopper.signal.aborted) {
      try {
        if (this.suspectFrom !== undefined && (await this.detectReset())) this.lastId = '0-0';
        await this.readOnce();
        failures = 0;
      } catch (error) {
        if (this.stopper.signal.aborted) break;
        failures += 1;
        this.suspectFrom ??= this.lastId;
        logReadFailure(this.s, { failures }, error, 'event tail read failed; retrying');
        await sleep(Math.min(100 * 2 ** Math.min(failures - 1, 5), 2_000), undefined, { signal: this.stopper.signal }).catch(() => {});
      }
    }
  }

  private async readOnce(): Promise<void> {
    if (this.stopper.signal.aborted) return;
    this.blocked = true;
    let reply: unknown;
    try {
      // https://redis.io/docs/latest/commands/xread/
      reply = await this.connection.xread('COUNT', this.s.batchSize, 'BLOCK', this.s.blockMs, 'STREAMS', this.s.streamKey, this.lastId);
    } finally {
      this.blocked = false;
    }
    const entries = streamReadSchema.parse(reply)?.[0]?.[1] ?? [];
    // The read may have been retried on a restarted node: report the gap before what follows it.
    if (entries.length > 0 && this.suspectFrom !== undefined) await this.detectReset();
    for (const entry of entries) {
      this.lastId = entry[0];
      let logged;
      try {
        const routed = toGlobalEntry(entry);
        logged = { cursor: routed.cursor, event: decodeEnvelope(routed.envelope) };
      } catch (error) {
        this.s.logger.error({ streamId: entry[0], err: { message: errorMessage(error) } }, 'event tail skipped a malformed entry');
        continue;
      }
      try {
        this.options.onEvent(logged);
      } catch (error) {
        this.s.logger.error({ eventId: logged.event.id, err: { message: errorMessage(error) } }, 'event tail listener threw');
      }
    }
  }

  /**
   * Whether the entry last seen before the connection dropped is gone and the stream now starts later (or
   * is empty): events may have been missed, and `onGap` is told. Clears the suspicion either way.
   */
  private async detectReset(): Promise<boolean> {
    const from = this.suspectFrom ?? '0-0';
    let gap = false;
    if (from !== '0-0') {
      const [kept] = streamEntriesSchema.parse(await this.connection.xrange(this.s.streamKey, from, from));
      const [oldest] = kept === undefined ? streamEntriesSchema.parse(await this.connection.xrange(this.s.streamKey, '-', '+', 'COUNT', 1)) : [kept];
      // The entries in hand may already be the new stream's; a stream that starts after `from` lost it.
      if (oldest === undefined || compareStreamIds(oldest[0], from) > 0) {
        gap = true;
        const reason = oldest === undefined ? 'the event stream is gone (Redis restarted without persistence?)' : 'the event stream no longer holds the last event seen (reset or trimmed)';
        this.s.logger.warn({}, `event tail gap: ${reason}`);
        this.options.onGap?.(reason);
      }
    }
    this.suspectFrom = undefined;
    return gap;
  }
}
