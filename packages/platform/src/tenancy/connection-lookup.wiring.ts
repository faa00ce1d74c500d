import type { Database } from '../db/database.js';
import type { NotificationHandlers } from '../db/pg-listener.js';
import type { Logger } from '../logging/logger.js';
import { CachedConnectionLookup } from './cached-connection.lookup.js';
import { ConnectionRepository } from './connection.repository.js';

export { CachedConnectionLookup } from './cached-connection.lookup.js';

/**
 * The process's cached active-connection lookup over `db`, listening for changes of its schema's
 * connections. Lookups go to the database until the notification connection is up (it connects in the
 * background, so the start does not wait for it).
 */
export async function openConnectionLookup(db: Database, logger: Pick<Logger, 'warn'>): Promise<CachedConnectionLookup> {
  const result = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = result.rows[0]?.schema;
  if (typeof schema !== 'string') throw new Error('PostgreSQL reported no current schema: is search_path empty?');
  const listen = db.listen;
  const feed = listen ? (channel: string, handlers: NotificationHandlers) => listen.call(db, channel, handlers) : undefined;
  const lookup = new CachedConnectionLookup(new ConnectionRepository(db), feed, {
    schema,
    onFeedLost: (error) => logger.warn({ err: { message: error.message } }, 'connection-change notifications lost; looking connections up in the database until they are back'),
  });
  lookup.start();
  return lookup;
}
