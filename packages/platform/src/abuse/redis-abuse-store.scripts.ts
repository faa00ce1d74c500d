// Lua run atomically in Redis, one key each (Cluster-safe). Windows open at their first hit and expire on
// their own; buckets use Redis's clock (TIME) so gateways with skewed clocks share one budget.

/** INCR the window, give it its lifetime on the first hit; returns {count, ms left}. */
export const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** The window's {count, ms left}, {0, 0} when none is open. */
export const PEEK_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return {0, 0} end
return {tonumber(redis.call('GET', KEYS[1]) or '0'), ttl}
`;

/** Refill by elapsed time, then take one token if there is one; returns 0 or the ms until one is due. */
export const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + ((now - ts) / 1000) * refill)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil(((1 - tokens) / refill) * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(((capacity - tokens) / refill) * 1000) + 1000)
return wait
`;

/** Drop expired members, then add ARGV[1] (expiring in ARGV[3] ms) unless the set holds ARGV[2] already; 1 or 0. */
export const CLAIM_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/** Push the expiry of the members still in the set (ARGV[2..]) to now + ARGV[1] ms. */
export const REFRESH_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + ttl, ARGV[i]) end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;
