import { z } from 'zod';
import { openRedisConnection, type EventBusLogger, type RedisClient, type RedisOutageReporter } from '../events/redis-connection.js';
import { CLAIM_SCRIPT, HIT_SCRIPT, PEEK_SCRIPT, REFRESH_SCRIPT, TAKE_SCRIPT } from './redis-abuse-store.scripts.js';

/** A fixed window's hits and the ms until it closes (the gateway's `WindowCount`). */
export interface AbuseWindow {
  readonly count: number;
  readonly resetMs: number;
}

const windowReply = z.tuple([z.number().int(), z.number().int()]);
const takeReply = z.number().int().nonnegative();
const claimReply = z.union([z.literal(0), z.literal(1)]);

/**
 * The gateway's abuse counters shared by every gateway process through Redis (used when REDIS_URL is
 * set), so an attacker cannot multiply a budget by the number of replicas. Same contract as the gateway's
 * in-memory store; every call is one atomic script on one key under `prefix`.
 */
export class RedisAbuseStore {
  constructor(
    // One key per script, so a Redis Cluster serves it as well as one server.
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<AbuseWindow> {
    return toWindow(await this.redis.eval(HIT_SCRIPT, 1, this.keyOf(key), String(windowMs)));
  }

  async peek(key: string): Promise<AbuseWindow> {
    return toWindow(await this.redis.eval(PEEK_SCRIPT, 1, this.keyOf(key)));
  }

  async take(key: string, bucket: { capacity: number; refillPerSecond: number }): Promise<number> {
    const reply = await this.redis.eval(TAKE_SCRIPT, 1, this.keyOf(key), String(bucket.capacity), String(bucket.refillPerSecond));
    return takeReply.parse(reply);
  }

  async claim(key: string, member: string, cap: number, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.eval(CLAIM_SCRIPT, 1, this.keyOf(key), member, String(cap), String(ttlMs));
    return claimReply.parse(reply) === 1;
  }

  async refresh(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    if (members.length > 0) await this.redis.eval(REFRESH_SCRIPT, 1, this.keyOf(key), String(ttlMs), ...members);
  }

  async release(key: string, member: string): Promise<void> {
    await this.redis.zrem(this.keyOf(key), member);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }
}

function toWindow(reply: unknown): AbuseWindow {
  const [count, resetMs] = windowReply.parse(reply);
  return { count, resetMs };
}

/**
 * Opens the store on its own connection. Commands fail within 500 ms when Redis is unreachable, so an
 * outage costs each request at most that before the gateway lets it through without the limits.
 */
export function openRedisAbuseStore(settings: { url: string; prefix: string; logger: EventBusLogger; outage?: RedisOutageReporter }): { store: RedisAbuseStore; close(): void } {
  const redis = openRedisConnection({ url: settings.url, connectTimeoutMs: 2_000, commandTimeoutMs: 500, logger: settings.logger, outage: settings.outage }, 'commands', 'abuse-limits');
  return { store: new RedisAbuseStore(redis, settings.prefix), close: () => redis.disconnect() };
}
