import { EventPlumbingMetrics } from './event-plumbing.metrics.js';
import { silentLogger, type EventBusLogger } from './redis-connection.js';

export interface RedisEventBusOptions {
  /** `redis://` URL (REDIS_URL). */
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
  /** A consumer group was lost (NOGROUP) and recreated: handlers may have missed events. */
  readonly onGap?: (reason: string) => void;
  /** Dead-lettered, trimmed-pending and duplicate counts land here (GET /metrics). */
  readonly metrics?: EventPlumbingMetrics;
}

export type ResolvedRedisEventBusOptions = Required<RedisEventBusOptions>;

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
    metrics: o.metrics ?? new EventPlumbingMetrics(),
  };
  const bad = (['retentionPerTenant', 'retentionGlobal', 'retentionDeadLetter', 'claimIdleMs', 'maxDeliveries', 'batchSize', 'blockMs', 'commandTimeoutMs', 'connectTimeoutMs'] as const).filter(
    (key) => !Number.isSafeInteger(resolved[key]) || resolved[key] < 1,
  );
  if (bad.length > 0) throw new RangeError(`RedisEventBus options must be positive integers: ${bad.join(', ')}`);
  if (resolved.keyPrefix.length === 0) throw new RangeError('RedisEventBus keyPrefix must not be empty');
  return resolved;
}

/** Every key the bus uses, derived from the prefix (no KEYS/SCAN needed to find them). */
export interface RedisEventKeys {
  readonly all: string;
  readonly dead: string;
  tenant(tenantId: string): string;
  /** Marks an event id as handled by a consumer group (the group's dedupe). */
  handled(group: string, eventId: string): string;
}

export function redisEventKeys(prefix: string): RedisEventKeys {
  return {
    all: `${prefix}:all`,
    dead: `${prefix}:dead`,
    tenant: (tenantId) => `${prefix}:tenant:${tenantId}`,
    handled: (group, eventId) => `${prefix}:handled:${group}:${eventId}`,
  };
}
