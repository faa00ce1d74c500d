import type { EventTail, TailOptions } from '@bizosaas/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, type EventBusLogger, type RedisClient } from './redis-connection.js';
import { compareStreamIds, decodeEnvelope, streamEntriesSchema, streamReadSchema, toGlobalEntry } from './redis-stream-codec.js';

export interface TailSettings {
  readonly streamKey: string;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly logger: EventBusLogger;
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
  private checkReset = false;

  constructor(
    private readonly connection: RedisClient,
    private readonly s: TailSettings,
    private readonly options: TailOptions,
  ) {
    // A dropped connection may mean a restarted Redis; check before the next read.
    connection.on('close', () => {
      this.checkReset = true;
    });
  }

  /**
   * Pins "now" to the id of the newest entry (what `$` would mean) before resolving, so an event published
   * after `open` returns is always seen, even if the first read reaches Redis later.
   */
  async open(): Promise<void> {
    const [newest] = streamEntriesSchema.parse(await this.connection.xrevrange(this.s.streamKey, '+', '-', 'COUNT', 1));
    this.lastId = newest?.[0] ?? '0-0';
    this.checkReset = false;
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
        if (this.checkReset) await this.detectReset();
        await this.readOnce();
        failures = 0;
      } catch (error) {
        if (this.stopper.signal.aborted) break;
        failures += 1;
        this.checkReset = true;
        this.s.logger.warn({ failures, err: { message: errorMessage(error) } }, 'event tail read failed; retrying');
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
    for (const entry of streamReadSchema.parse(reply)?.[0]?.[1] ?? []) {
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

  /** The entry last seen is gone and the stream now starts later (or is empty): events may be missed. */
  private async detectReset(): Promise<void> {
    if (this.lastId !== '0-0') {
      const [kept] = streamEntriesSchema.parse(await this.connection.xrange(this.s.streamKey, this.lastId, this.lastId));
      const [oldest] = kept === undefined ? streamEntriesSchema.parse(await this.connection.xrange(this.s.streamKey, '-', '+', 'COUNT', 1)) : [kept];
      if (oldest === undefined || compareStreamIds(oldest[0], this.lastId) > 0) {
        this.lastId = '0-0';
        const reason = oldest === undefined ? 'the event stream is gone (Redis restarted without persistence?)' : 'the event stream no longer holds the last event seen (reset or trimmed)';
        this.s.logger.warn({}, `event tail gap: ${reason}`);
        this.options.onGap?.(reason);
      }
    }
    this.checkReset = false;
  }
}
