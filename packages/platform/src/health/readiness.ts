import { Cluster, Redis } from 'ioredis';
import type { Database } from '../db/index.js';
import { clusterNodeOptions, parseRedisTarget } from '../events/redis-target.js';

/** One dependency's state: `up`, or `down` with a reason that holds no address or credential. */
export type CheckState = 'up' | 'down: timeout' | 'down: error';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckState>>;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  close(): Promise<void>;
}

/** How long one probe may take before the dependency counts as down. */
const PROBE_TIMEOUT_MS = 1_500;

/**
 * `/ready`: the database answers a trivial query and, when configured, Redis answers PING. Its own Redis
 * client fails fast while disconnected (no offline queue), so a Redis outage turns the check red at once
 * and green again as soon as the client reconnects, without a restart.
 */
export function createReadiness(deps: { db: Database; redisUrl?: string }): Readiness {
  const redis = deps.redisUrl === undefined ? undefined : openProbe(deps.redisUrl);
  // Errors are reported through the checks; without a listener ioredis would print each reconnect failure.
  redis?.on('error', () => undefined);
  if (redis) redis.connect().catch(() => undefined);
  return {
    async check() {
      const probes: [string, Promise<unknown>][] = [['database', deps.db.query('select 1')]];
      if (redis) probes.push(['redis', redis.ping()]);
      const states = await Promise.all(probes.map(async ([name, probe]) => [name, await settle(probe)] as const));
      const checks = Object.fromEntries(states);
      return { ready: states.every(([, state]) => state === 'up'), checks };
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** One server, or a Redis Cluster (REDIS_URL `redis+cluster://`): PING answers from a connected node. */
function openProbe(url: string): Redis | Cluster {
  const target = parseRedisTarget(url);
  if (target.kind === 'single') return new Redis(target.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 500 });
  return new Cluster([...target.nodes], {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => 500,
    redisOptions: { maxRetriesPerRequest: 0, ...clusterNodeOptions(target) },
  });
}

async function settle(probe: Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => resolve('down: timeout'), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe.then((): CheckState => 'up', (): CheckState => 'down: error'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
