import { Cluster, Redis } from 'ioredis';
import { clusterNodeOptions, parseRedisTarget } from './redis-target.js';

/** Options that mean the same on one server and on a cluster's node connections. */
export interface RedisClientOptions {
  readonly lazyConnect?: boolean;
  readonly maxRetriesPerRequest?: number;
}

/**
 * A client for REDIS_URL as it is configured: the plain client for `redis://`, a Cluster client for
 * `redis+cluster://` (a plain client given that URL would dial a host named "redis+cluster"). For code
 * outside the bus, such as connector locks and rate limits: single-key commands and one-key scripts work
 * the same on both.
 *
 * @throws Error saying what is wrong with `url` (never the URL itself).
 */
export function openRedisClient(url: string, options: RedisClientOptions = {}): Redis | Cluster {
  const target = parseRedisTarget(url);
  const perConnection = options.maxRetriesPerRequest === undefined ? {} : { maxRetriesPerRequest: options.maxRetriesPerRequest };
  if (target.kind === 'single') return new Redis(target.url, { ...perConnection, lazyConnect: options.lazyConnect ?? false });
  return new Cluster([...target.nodes], {
    lazyConnect: options.lazyConnect ?? false,
    redisOptions: { ...perConnection, ...clusterNodeOptions(target) },
  });
}
