import { createHash } from 'node:crypto';
import { errorMessage, type RedisClient } from './redis-connection.js';
import { publishReplySchema } from './redis-stream-codec.js';

/**
 * Appends one event to its tenant stream and to the global stream in one step, so a reader never sees it
 * in one and not the other. Trimming is approximate (`~`): Redis drops whole nodes, which is cheap, so a
 * stream may hold up to one node (100 entries by default) more than the retention.
 *
 * An event id among the newest `dedupeWindow` entries of its tenant stream is not appended again: the
 * outbox relay publishes at least once, and what it publishes again after a crash is its last batch, which
 * is still the newest of each tenant's entries (the relay is the only publisher, one at a time, in order).
 * The script then answers the first copy's cursor and an empty global id. The window costs no memory: the
 * id is a field of the entry itself.
 *
 * KEYS: tenant stream, global stream. ARGV: tenant retention, global retention, tenant id, type, envelope,
 * dedupe window (entries), event id.
 * https://redis.io/docs/latest/commands/xadd/
 */
const PUBLISH_SCRIPT = `
for _, entry in ipairs(redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[6])) do
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'id' and fields[i + 1] == ARGV[7] then return {entry[1], ''} end
  end
end
local cursor = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'id', ARGV[7], 'event', ARGV[5])
local globalId = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'tenant', ARGV[3], 'type', ARGV[4], 'cursor', cursor, 'event', ARGV[5])
return {cursor, globalId}
`;

const PUBLISH_SCRIPT_SHA = createHash('sha1').update(PUBLISH_SCRIPT).digest('hex');

export interface PublishArgs {
  readonly tenantKey: string;
  readonly globalKey: string;
  readonly eventId: string;
  readonly dedupeWindow: number;
  readonly retentionPerTenant: number;
  readonly retentionGlobal: number;
  readonly tenantId: string;
  readonly type: string;
  readonly envelope: string;
}

/**
 * Runs the publish script by its SHA, loading it with EVAL when Redis does not know it (first use, or
 * after a restart emptied the script cache). https://redis.io/docs/latest/commands/evalsha/
 *
 * @returns the event's id in its tenant stream (its cursor) and in the global stream (empty for a duplicate).
 */
export async function runPublishScript(client: RedisClient, args: PublishArgs): Promise<{ cursor: string; globalId: string }> {
  const keysAndArgs = [args.tenantKey, args.globalKey, args.retentionPerTenant, args.retentionGlobal, args.tenantId, args.type, args.envelope, args.dedupeWindow, args.eventId];
  let reply: unknown;
  try {
    reply = await client.evalsha(PUBLISH_SCRIPT_SHA, 2, ...keysAndArgs);
  } catch (error) {
    if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
    reply = await client.eval(PUBLISH_SCRIPT, 2, ...keysAndArgs);
  }
  const [cursor, globalId] = publishReplySchema.parse(reply);
  return { cursor, globalId };
}
