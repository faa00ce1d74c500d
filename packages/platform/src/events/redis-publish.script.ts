import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage } from './redis-connection.js';
import { publishReplySchema } from './redis-stream-codec.js';

/**
 * Appends one event to its tenant stream and to the global stream in one step, so a reader never sees it
 * in one and not the other. Trimming is approximate (`~`): Redis drops whole nodes, which is cheap, so a
 * stream may hold up to one node (100 entries by default) more than the retention.
 *
 * An event id seen within `dedupeSeconds` is not appended again (the outbox relay publishes at least once):
 * the script answers the first copy's cursor and an empty global id.
 *
 * KEYS: tenant stream, global stream, the event id's dedupe key. ARGV: tenant retention, global retention,
 * tenant id, type, envelope, dedupe seconds.
 * https://redis.io/docs/latest/commands/xadd/
 */
const PUBLISH_SCRIPT = `
local seen = redis.call('GET', KEYS[3])
if seen then return {seen, ''} end
local cursor = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[5])
local globalId = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'tenant', ARGV[3], 'type', ARGV[4], 'cursor', cursor, 'event', ARGV[5])
redis.call('SET', KEYS[3], cursor, 'EX', ARGV[6])
return {cursor, globalId}
`;

const PUBLISH_SCRIPT_SHA = createHash('sha1').update(PUBLISH_SCRIPT).digest('hex');

export interface PublishArgs {
  readonly tenantKey: string;
  readonly globalKey: string;
  readonly dedupeKey: string;
  readonly dedupeSeconds: number;
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
export async function runPublishScript(client: Redis, args: PublishArgs): Promise<{ cursor: string; globalId: string }> {
  const keysAndArgs = [args.tenantKey, args.globalKey, args.dedupeKey, args.retentionPerTenant, args.retentionGlobal, args.tenantId, args.type, args.envelope, args.dedupeSeconds];
  let reply: unknown;
  try {
    reply = await client.evalsha(PUBLISH_SCRIPT_SHA, 3, ...keysAndArgs);
  } catch (error) {
    if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
    reply = await client.eval(PUBLISH_SCRIPT, 3, ...keysAndArgs);
  }
  const [cursor, globalId] = publishReplySchema.parse(reply);
  return { cursor, globalId };
}
