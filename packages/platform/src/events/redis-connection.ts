import { ConnectorError } from '@bizosaas/domain';
import { Redis, type RedisOptions } from 'ioredis';

/** The log methods the Redis bus uses (a pino logger fits). Payloads are never logged. */
export interface EventBusLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: EventBusLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface RedisConnectionSettings {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly logger: EventBusLogger;
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
 * flight when the connection dropped, so the loop sees the failure and checks for a reset.
 */
export function openRedisConnection(settings: RedisConnectionSettings, role: 'commands' | 'loop', name: string): Redis {
  const common: RedisOptions = {
    connectTimeout: settings.connectTimeoutMs,
    retryStrategy,
    connectionName: name,
    lazyConnect: false,
  };
  const options: RedisOptions =
    role === 'commands'
      ? { ...common, maxRetriesPerRequest: 1, commandTimeout: settings.commandTimeoutMs }
      : { ...common, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false, blockingTimeout: settings.commandTimeoutMs };
  const connection = new Redis(settings.url, options);
  let healthy = true;
  connection.on('error', (error: unknown) => {
    // ioredis emits one error per failed reconnect; warn once per outage, the rest at debug.
    const fields = { connection: name, err: { message: errorMessage(error) } };
    if (healthy) settings.logger.warn(fields, 'redis connection failed; reconnecting');
    else settings.logger.debug(fields, 'redis reconnect failed');
    healthy = false;
  });
  connection.on('ready', () => {
    if (!healthy) settings.logger.info({ connection: name }, 'redis connection restored');
    healthy = true;
  });
  return connection;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
