import type { Cluster, Redis } from 'ioredis';
import { realSleep, type RateLimitConfig, type RateLimiter } from './rate-limiter.js';

// Token bucket with reservation, atomically in Redis: refill by elapsed time, take one token (the balance
// may go negative), return the wait in ms for that token. Time comes from Redis (TIME) so processes with
// skewed clocks share one budget.
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + ((now - ts) / 1000) * refill) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill * 1000) + 60000)
if tokens >= 0 then return 0 end
return math.ceil((-tokens / refill) * 1000)
`;

/** Token bucket shared through Redis (used when REDIS_URL is set), so several processes keep to one budget. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    // One key per command and script, so a Redis Cluster serves it as well as one server.
    private readonly redis: Redis | Cluster,
    private readonly options: { keyPrefix?: string; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async take(key: string, config: RateLimitConfig): Promise<void> {
    const redisKey = `${this.options.keyPrefix ?? 'bizosaas:ratelimit:'}${key}`;
    const result = await this.redis.eval(TAKE_SCRIPT, 1, redisKey, String(config.capacity), String(config.refillPerSecond));
    const waitMs = Number(result);
    if (Number.isFinite(waitMs) && waitMs > 0) await (this.options.sleep ?? realSleep)(waitMs);
  }
}
