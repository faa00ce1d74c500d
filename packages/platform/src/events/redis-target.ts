/**
 * Where the bus's Redis is, read from one URL (REDIS_URL) so the password stays in one secret setting:
 *
 * - `redis://[user:pass@]host:port[/db]` or `rediss://...`: one server (or a proxy in front of several);
 * - `redis+cluster://[user:pass@]host:port,host:port,...` or `rediss+cluster://...`: the seed nodes of a
 *   Redis Cluster. One reachable seed is enough to discover the others; list several so a start-up
 *   survives one being down. A cluster has only database 0, so no `/db` is accepted.
 */
export type RedisTarget =
  | { readonly kind: 'single'; readonly url: string }
  | {
      readonly kind: 'cluster';
      readonly nodes: readonly { readonly host: string; readonly port: number }[];
      readonly username?: string;
      readonly password?: string;
      readonly tls: boolean;
    };

const SINGLE = /^rediss?:\/\//;
const CLUSTER = /^(rediss?)\+cluster:\/\/(?:([^@/?#]*)@)?([^/?#@]*)(\/0?)?$/;
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Says what is wrong with a Redis URL, or `undefined` when it is usable. Never repeats the URL (it may hold a password). */
export function redisUrlProblem(url: string): string | undefined {
  try {
    parseRedisTarget(url);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** @throws Error saying what is wrong (without the URL itself) when `url` is neither form above. */
export function parseRedisTarget(url: string): RedisTarget {
  if (SINGLE.test(url)) {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // reported below
    }
    if (host === '') throw new Error('must be a redis:// or rediss:// URL with a host');
    return { kind: 'single', url };
  }
  const match = CLUSTER.exec(url);
  if (match === null) throw new Error('must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster');
  const [, scheme, userInfo, hostList = ''] = match;
  const nodes = hostList.split(',').map((node) => {
    const parsed = NODE.exec(node.trim());
    const port = Number(parsed?.[2]);
    if (parsed?.[1] === undefined || port < 1 || port > 65535) throw new Error('must list the cluster nodes as host:port,host:port (each port 1..65535)');
    return { host: parsed[1].replace(/^\[|\]$/g, ''), port };
  });
  const credentials = userInfo === undefined ? {} : parseUserInfo(userInfo);
  return { kind: 'cluster', nodes, tls: scheme === 'rediss', ...credentials };
}

function parseUserInfo(userInfo: string): { username?: string; password?: string } {
  const colon = userInfo.indexOf(':');
  const rawUser = colon === -1 ? userInfo : userInfo.slice(0, colon);
  const rawPassword = colon === -1 ? undefined : userInfo.slice(colon + 1);
  let username: string;
  let password: string | undefined;
  try {
    username = decodeURIComponent(rawUser);
    password = rawPassword === undefined ? undefined : decodeURIComponent(rawPassword);
  } catch {
    throw new Error('has a user name or password that is not valid percent-encoding');
  }
  return { ...(username !== '' && { username }), ...(password !== undefined && password !== '' && { password }) };
}

/** The per-node connection options a cluster target implies (credentials, TLS), for ioredis `redisOptions`. */
export function clusterNodeOptions(target: Extract<RedisTarget, { kind: 'cluster' }>): { username?: string; password?: string; tls?: object } {
  return {
    ...(target.username !== undefined && { username: target.username }),
    ...(target.password !== undefined && { password: target.password }),
    ...(target.tls && { tls: {} }),
  };
}
