import { EventPlumbingMetrics } from './event-plumbing.metrics.js';
import { silentLogger, type EventBusLogger, type RedisOutageReporter } from './redis-connection.js';

export interface RedisEventBusOptions {
  /** `redis://` URL, or `redis+cluster://host:port,host:port` for a Redis Cluster (REDIS_URL; see `parseRedisTarget`). */
  readonly url: string;
  /** Prefix of every key. Default `bizosaas:events`. */
  readonly keyPrefix?: string;
  /** Approximate entries kept per tenant stream (replay window). Default 10,000. */
  readonly retentionPerTenant?: number;
  /** Approximate entries kept in the global stream (how far behind a handler may fall). Default 100,000. */
  readonly retentionGlobal?: number;
  /** Approximate entries kept in the dead-letter stream. Default 10,000. */
  readonly retentionDeadLetter?: number;
  /** An unacknowledged entry idle this long is taken over by another member (or retried). Default 30 s. */
  readonly claimIdleMs?: number;
  /** Deliveries after which a failing entry is dead-lettered. Default 5. */
  readonly maxDeliveries?: number;
  /** Entries per read. Default 100. */
  readonly batchSize?: number;
  /** Longest BLOCK of a read loop (bounds how stale a lost connection goes unnoticed). Default 2 s. */
  readonly blockMs?: number;
  /** A publish or read fails with upstream_unavailable after this long. Default 5 s. */
  readonly commandTimeoutMs?: number;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number;
  readonly logger?: EventBusLogger;
  /** Where connection outages are reported once each (see RedisOutageReporter); per-connection lines otherwise. */
  readonly outage?: RedisOutageReporter | undefined;
  /** A consumer group was lost (NOGROUP) and recreated: handlers may have missed events. */
  readonly onGap?: (reason: string) => void;
  /** Dead-lettered, trimmed-pending and duplicate counts land here (GET /metrics). */
  readonly metrics?: EventPlumbingMetrics;
}

export type ResolvedRedisEventBusOptions = Required<Omit<RedisEventBusOptions, 'outage'>> & Pick<RedisEventBusOptions, 'outage'>;

export function resolveRedisEventBusOptions(o: RedisEventBusOptions): ResolvedRedisEventBusOptions {
  const resolved: ResolvedRedisEventBusOptions = {
    url: o.url,
    keyPrefix: o.keyPrefix ?? 'bizosaas:events',
    retentionPerTenant: o.retentionPerTenant ?? 10_000,
    retentionGlobal: o.retentionGlobal ?? 100_000,
    retentionDeadLetter: o.retentionDeadLetter ?? 10_000,
    claimIdleMs: o.claimIdleMs ?? 30_000,
    maxDeliveries: o.maxDeliveries ?? 5,
    batchSize: o.batchSize ?? 100,
    blockMs: o.blockMs ?? 2_000,
    commandTimeoutMs: o.commandTimeoutMs ?? 5_000,
    connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
    logger: o.logger ?? silentLogger,
    onGap: o.onGap ?? (() => {}),
    outage: o.outage,
    metrics: o.metrics ?? new EventPlumbingMetrics(),
  };
  const bad = (['retentionPerTenant', 'retentionGlobal', 'retentionDeadLetter', 'claimIdleMs', 'maxDeliveries', 'batchSize', 'blockMs', 'commandTimeoutMs', 'connectTimeoutMs'] as const).filter(
    (key) => !Number.isSafeInteger(resolved[key]) || resolved[key] < 1,
  );
  if (bad.length > 0) throw new RangeError(`RedisEventBus options must be positive integers: ${bad.join(', ')}`);
  if (resolved.keyPrefix.length === 0) throw new RangeError('RedisEventBus keyPrefix must not be empty');
  // The prefix becomes the hash tag; a brace inside it would end or nest the tag and split the slot.
  if (/[{}]/.test(resolved.keyPrefix)) throw new RangeError('RedisEventBus keyPrefix must not contain { or } (the bus adds the hash tag itself)');
  return resolved;
}

/**
 * Every key the bus uses, derived from the prefix (no KEYS/SCAN needed to find them).
 *
 * All of them carry the prefix as a hash tag (`{bizosaas:events}:all`), so a Redis Cluster puts them in
 * one slot: the publish script writes a tenant stream and the global stream, and dead-lettering writes the
 * dead-letter stream and acknowledges on the global one in one MULTI, and a cluster only runs those when
 * every key is in the same slot. The global stream is one key anyway, so every publish already goes to its
 * node; several prefixes (one bus each) are the way to spread events over more nodes.
 * https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 */
export interface RedisEventKeys {
  readonly all: string;
  readonly dead: string;
  tenant(tenantId: string): string;
  /** Marks an event id as handled by a consumer group (the group's dedupe). */
  handled(group: string, eventId: string): string;
}

export function redisEventKeys(prefix: string): RedisEventKeys {
  const tag = `{${prefix}}`;
  return {
    all: `${tag}:all`,
    dead: `${tag}:dead`,
    tenant: (tenantId) => `${tag}:tenant:${tenantId}`,
    handled: (group, eventId) => `${tag}:handled:${group}:${eventId}`,
  };
}
