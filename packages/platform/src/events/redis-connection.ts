import { ConnectorError } from '@bizosaas/domain';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { clusterNodeOptions, parseRedisTarget } from './redis-target.js';

/** The log methods the Redis bus uses (a pino logger fits). Payloads are never logged. */
export interface EventBusLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: EventBusLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * One process's view of a Redis outage, shared by all its connections and read loops, so an outage is one
 * log line when it starts and one when it ends however many connections notice (OutageLog fits).
 */
export interface RedisOutageReporter {
  failed(error: unknown): void;
  succeeded(): void;
}

/** A connection to one server or to a Redis Cluster: the bus uses only commands both answer alike. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionSettings {
  /** `redis://` or `redis+cluster://` (see `parseRedisTarget`). */
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly logger: EventBusLogger;
  /** With it, connection failures and recoveries are reported there once per outage; per-connection lines go to debug. */
  readonly outage?: RedisOutageReporter | undefined;
}

/** Reconnect quickly at first, then every 2 s at most, forever (the loops outlive outages). */
function retryStrategy(times: number): number {
  return Math.min(100 * 2 ** Math.min(times - 1, 5), 2_000);
}

/**
 * Opens a connection for one role. `commands` serves publish and reads: every command fails within
 * `commandTimeoutMs` and after one failed reconnect, so a publisher is never held by an outage. `loop`
 * is dedicated to one blocking read loop (XREAD/XREADGROUP BLOCK hold the connection): no command timeout,
 * a client-side guard slightly longer than the BLOCK instead, and no resending of a read that was in
 * flight when the connection dropped, so the loop sees the failure and checks for a reset. On a cluster
 * the client itself retries a command on another connection after a node drops (no error reaches the
 * loop), so it emits `-node` instead, which the tail listens to.
 */
export function openRedisConnection(settings: RedisConnectionSettings, role: 'commands' | 'loop', name: string): RedisClient {
  const common: RedisOptions = { connectTimeout: settings.connectTimeoutMs, connectionName: name, maxRetriesPerRequest: 1 };
  const options: RedisOptions =
    role === 'commands'
      ? { ...common, commandTimeout: settings.commandTimeoutMs }
      : { ...common, autoResendUnfulfilledCommands: false, blockingTimeout: settings.commandTimeoutMs };
  const target = parseRedisTarget(settings.url);
  const connection: RedisClient =
    target.kind === 'single'
      ? new Redis(target.url, { ...options, retryStrategy, lazyConnect: false })
      : // A cluster reconnects as a whole (clusterRetryStrategy) and follows MOVED/ASK itself; node
        // connections take the per-role options. https://github.com/redis/ioredis#cluster
        new Cluster([...target.nodes], {
          clusterRetryStrategy: retryStrategy,
          slotsRefreshTimeout: settings.connectTimeoutMs,
          redisOptions: { ...options, ...clusterNodeOptions(target) },
        });
  let healthy = true;
  connection.on('error', (error: unknown) => {
    // ioredis emits one error per failed reconnect; warn once per outage, the rest at debug.
    const fields = { connection: name, err: { message: errorMessage(error) } };
    settings.outage?.failed(error);
    if (healthy && !settings.outage) settings.logger.warn(fields, 'redis connection failed; reconnecting');
    else settings.logger.debug(fields, 'redis reconnect failed');
    healthy = false;
  });
  // A cluster reports a failing node apart from the cluster as a whole, which stays usable meanwhile.
  connection.on('node error', (error: unknown) => {
    settings.logger.debug({ connection: name, err: { message: errorMessage(error) } }, 'redis cluster node connection failed');
  });
  connection.on('ready', () => {
    settings.outage?.succeeded();
    if (!healthy) settings.logger[settings.outage ? 'debug' : 'info']({ connection: name }, 'redis connection restored');
    healthy = true;
  });
  return connection;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A blocking read loop's failed read: reported to the outage (it often notices before the connection's own
 * error event) and logged at debug, or at warn without an outage reporter.
 */
export function logReadFailure(settings: { logger: EventBusLogger; outage?: RedisOutageReporter | undefined }, fields: object, error: unknown, message: string): void {
  settings.outage?.failed(error);
  settings.logger[settings.outage ? 'debug' : 'warn']({ ...fields, err: { message: errorMessage(error) } }, message);
}

/** NOGROUP: the consumer group (or its stream) is gone, e.g. Redis restarted without persistence. */
export function isNoGroupError(error: unknown): boolean {
  return errorMessage(error).startsWith('NOGROUP');
}

export function isBusyGroupError(error: unknown): boolean {
  return errorMessage(error).startsWith('BUSYGROUP');
}

/** Any failure talking to Redis, as the port reports it. */
export function upstreamUnavailable(action: string, error: unknown): ConnectorError {
  return new ConnectorError('upstream_unavailable', 'redis', `The event bus could not ${action}: Redis is unavailable (${errorMessage(error)}). Retry later.`);
}
