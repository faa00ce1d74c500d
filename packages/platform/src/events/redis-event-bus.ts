import {
  ConnectorError,
  type DomainEvent,
  type EventBusPort,
  type EventHandler,
  type EventLogPort,
  type EventPage,
  type EventSubscription,
  type EventTail,
  type LoggedEvent,
  type SubscribeOptions,
  type TailOptions,
} from '@bizosaas/domain';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { checkCursorArg, checkReadAfterArgs } from './event-log-args.js';
import { errorMessage, openRedisConnection, silentLogger, upstreamUnavailable, type EventBusLogger, type RedisClient, type RedisConnectionSettings } from './redis-connection.js';
import { redisUrlProblem } from './redis-target.js';
import { RedisGroupConsumer } from './redis-group-consumer.js';
import { runPublishScript } from './redis-publish.script.js';
import { RedisEventTail } from './redis-event-tail.js';
import { compareStreamIds, decodeEnvelope, encodeEnvelope, fieldsOf, pendingSchema, STREAM_ID_PATTERN, streamEntriesSchema, type StreamEntry } from './redis-stream-codec.js';
import { redisEventKeys, resolveRedisEventBusOptions, type RedisEventBusOptions, type RedisEventKeys, type ResolvedRedisEventBusOptions } from './redis-event-bus.options.js';

/**
 * The Redis Streams bus and event log (DESIGN.md, "Events and subscriptions").
 *
 * - `{<prefix>}:tenant:<tenantId>`: one stream per tenant, bounded, for `readAfter` (cursors are its ids).
 * - `{<prefix>}:all`: one global stream, bounded, read by consumer groups (handlers) and by tails.
 * - `{<prefix>}:dead`: entries whose handler kept failing, with the error and the original id.
 *
 * The braces are a hash tag: on a Redis Cluster every key of one bus is in one slot (`redisEventKeys`).
 *
 * `publish` appends to both streams in one Lua script. Handlers are at-least-once: they must tolerate a
 * redelivery (deduplicate on `event.id`). No key is ever found by scanning: every key is derived.
 */
export class RedisEventBus implements EventBusPort, EventLogPort {
  private readonly o: ResolvedRedisEventBusOptions;
  private readonly keys: RedisEventKeys;
  private readonly connection: RedisConnectionSettings;
  private readonly client: RedisClient;
  private readonly consumers = new Set<{ consumer: RedisGroupConsumer; stop(): Promise<void> }>();
  private readonly tails = new Set<RedisEventTail>();
  private readonly processId = `${hostname()}:${process.pid}`;
  private closed = false;

  constructor(options: RedisEventBusOptions) {
    this.o = resolveRedisEventBusOptions(options);
    this.keys = redisEventKeys(this.o.keyPrefix);
    this.connection = { url: checkedUrl(this.o.url), connectTimeoutMs: this.o.connectTimeoutMs, commandTimeoutMs: this.o.commandTimeoutMs, logger: this.o.logger, outage: this.o.outage };
    this.client = openRedisConnection(this.connection, 'commands', 'bizosaas-events');
  }

  /** @throws ConnectorError('upstream_unavailable') when Redis cannot be reached within `commandTimeoutMs`. */
  async publish(event: DomainEvent): Promise<void> {
    if (this.closed) throw new Error('The event bus is closed');
    try {
      await runPublishScript(this.client, {
        tenantKey: this.keys.tenant(event.tenantId),
        globalKey: this.keys.all,
        eventId: event.id,
        dedupeWindow: PUBLISH_DEDUPE_WINDOW,
        retentionPerTenant: this.o.retentionPerTenant,
        retentionGlobal: this.o.retentionGlobal,
        tenantId: event.tenantId,
        type: event.type,
        envelope: encodeEnvelope(event),
      });
    } catch (error) {
      throw upstreamUnavailable('publish the event', error);
    }
  }

  /**
   * Joins consumer group `options.group` (or a group of its own, deleted on unsubscribe) on the global
   * stream, from events published now on. Members of one group must use the same filters: an event a
   * member does not want is acknowledged for the whole group.
   *
   * @throws ConnectorError('upstream_unavailable') when the group cannot be created.
   */
  async subscribe(handler: EventHandler, options: SubscribeOptions = {}): Promise<EventSubscription> {
    if (this.closed) throw new Error('The event bus is closed');
    const id = randomUUID();
    const ownGroup = options.group === undefined;
    const group = options.group ?? `solo:${this.processId}:${id}`;
    const consumerName = `${this.processId}:${id}`;
    const connection = openRedisConnection(this.connection, 'loop', `bizosaas-events-group:${group}`);
    const consumer = new RedisGroupConsumer(connection, {
      streamKey: this.keys.all,
      deadLetterKey: this.keys.dead,
      retentionDeadLetter: this.o.retentionDeadLetter,
      group,
      handledKey: (eventId: string) => this.keys.handled(group, eventId),
      handledSeconds: HANDLED_SECONDS,
      metrics: this.o.metrics,
      consumer: consumerName,
      handler,
      filter: options,
      claimIdleMs: this.o.claimIdleMs,
      maxDeliveries: this.o.maxDeliveries,
      batchSize: this.o.batchSize,
      blockMs: this.o.blockMs,
      logger: this.o.logger,
      outage: this.o.outage,
      onGap: this.o.onGap,
    });
    try {
      await consumer.start();
    } catch (error) {
      connection.disconnect();
      throw upstreamUnavailable('subscribe', error);
    }
    let stopping: Promise<void> | undefined;
    const registration = {
      consumer,
      stop: () => {
        stopping ??= (async () => {
          this.consumers.delete(registration);
          await consumer.stop();
          connection.disconnect();
          // Its own group is useless to anyone else; a shared group stays for the other members, and this
          // member leaves it unless it still holds entries (deleting it then would drop them unhandled).
          if (ownGroup) await this.client.xgroup('DESTROY', this.keys.all, group).catch(() => {});
          else await this.leaveGroup(group, consumerName).catch(() => {});
        })();
        return stopping;
      },
    };
    this.consumers.add(registration);
    return { unsubscribe: registration.stop };
  }

  /**
   * @throws ValidationError (field `after`) for a cursor that is not a stream id.
   * @throws ConnectorError('upstream_unavailable') when Redis cannot be reached.
   */
  async readAfter(tenantId: string, after: string | null, limit: number): Promise<EventPage> {
    checkReadAfterArgs(after, limit, STREAM_ID_PATTERN, 'a Redis stream id such as 1700000000000-0');
    const key = this.keys.tenant(tenantId);
    let replies;
    try {
      // One MULTI so the page and the oldest id come from the same moment.
      // https://redis.io/docs/latest/commands/xrange/ (`(` makes the start exclusive)
      replies = await this.client
        .multi()
        .xrange(key, after === null ? '-' : `(${after}`, '+', 'COUNT', limit)
        .xrange(key, '-', '+', 'COUNT', 1)
        .exec();
    } catch (error) {
      throw upstreamUnavailable('read events', error);
    }
    const [page, oldest] = (replies ?? []).map(([error, reply]) => {
      if (error) throw upstreamUnavailable('read events', error);
      return streamEntriesSchema.parse(reply);
    });
    const events = (page ?? []).map(toLoggedEvent);
    const oldestId = oldest?.[0]?.[0];
    // Ids are time-based, so after a reset the new stream starts later than any old cursor.
    const gap = after !== null && (oldestId === undefined || compareStreamIds(after, oldestId) < 0);
    return { events, gap };
  }

  /**
   * @throws ValidationError (field `cursor`) for a cursor that is not a stream id.
   * @throws ConnectorError('upstream_unavailable') when Redis cannot be reached.
   */
  async get(tenantId: string, cursor: string): Promise<LoggedEvent | null> {
    checkCursorArg(cursor, STREAM_ID_PATTERN, 'a Redis stream id such as 1700000000000-0');
    let reply: unknown;
    try {
      reply = await this.client.xrange(this.keys.tenant(tenantId), cursor, cursor);
    } catch (error) {
      throw upstreamUnavailable('read an event', error);
    }
    const [entry] = streamEntriesSchema.parse(reply);
    return entry === undefined ? null : toLoggedEvent(entry);
  }

  /** @throws ConnectorError('upstream_unavailable') when Redis cannot be reached. */
  async latestCursor(tenantId: string): Promise<string | null> {
    let reply: unknown;
    try {
      // https://redis.io/docs/latest/commands/xrevrange/
      reply = await this.client.xrevrange(this.keys.tenant(tenantId), '+', '-', 'COUNT', 1);
    } catch (error) {
      throw upstreamUnavailable('read the latest cursor', error);
    }
    return streamEntriesSchema.parse(reply)[0]?.[0] ?? null;
  }

  /**
   * Opens one XREAD loop over the global stream on its own connection. Open one per process and fan out in
   * memory. @throws ConnectorError('upstream_unavailable') when Redis cannot be reached at open.
   */
  async tail(options: TailOptions): Promise<EventTail> {
    if (this.closed) throw new Error('The event bus is closed');
    const connection = openRedisConnection(this.connection, 'loop', 'bizosaas-events-tail');
    const tail = new RedisEventTail(connection, { streamKey: this.keys.all, batchSize: this.o.batchSize, blockMs: this.o.blockMs, logger: this.o.logger, outage: this.o.outage }, options);
    try {
      await tail.open();
    } catch (error) {
      connection.disconnect();
      throw upstreamUnavailable('open a tail', error);
    }
    this.tails.add(tail);
    return {
      close: async () => {
        this.tails.delete(tail);
        await tail.close();
      },
    };
  }

  private async leaveGroup(group: string, consumer: string): Promise<void> {
    // https://redis.io/docs/latest/commands/xgroup-delconsumer/
    const pending = pendingSchema.parse(await this.client.xpending(this.keys.all, group, '-', '+', 1, consumer));
    if (pending.length === 0) await this.client.xgroup('DELCONSUMER', this.keys.all, group, consumer);
  }

  /** Stops every loop (handlers in flight finish first) and disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await Promise.all([...this.tails].map((t) => t.close()));
    this.tails.clear();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

// Newest entries of a tenant stream searched for the event id before appending: at least the outbox
// relay's batch (what it may publish again after a crash).
const PUBLISH_DEDUPE_WINDOW = 200;

// How long a consumer group remembers an event id as handled: past the longest redelivery (claimIdleMs
// times maxDeliveries at the defaults is 2.5 min), short enough that one key per event and group does
// not pile up.
const HANDLED_SECONDS = 10 * 60;

/** @throws RangeError naming the option and the reason (never the URL: it may hold a password). */
function checkedUrl(url: string): string {
  const problem = redisUrlProblem(url);
  if (problem !== undefined) throw new RangeError(`RedisEventBus url ${problem}`);
  return url;
}

/** A tenant stream entry as the log hands it out. */
function toLoggedEvent(entry: StreamEntry): LoggedEvent {
  try {
    const envelope = fieldsOf(entry).get('event');
    if (envelope === undefined) throw new Error('the entry has no event field');
    return { cursor: entry[0], event: decodeEnvelope(envelope) };
  } catch (error) {
    throw new ConnectorError('invalid_response', 'redis', `Tenant stream entry ${entry[0]} is not an event: ${errorMessage(error)}`);
  }
}

export { type RedisEventBusOptions, type EventBusLogger, silentLogger };
