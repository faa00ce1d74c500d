import { ConfigError, type Config, type ConfigIssue } from '@bizosaas/platform';
import { SUBGRAPHS, type SubgraphEntry } from './subgraphs.js';

/** The port a subgraph listens on: SUBGRAPH_PORTS[name], else SUBGRAPH_BASE_PORT + its own offset. */
export function subgraphPort(config: Config, entry: SubgraphEntry): number {
  return config.subgraphs.ports[entry.name] ?? config.subgraphs.basePort + entry.portOffset;
}

/**
 * Where the gateway calls each subgraph, by name: SUBGRAPH_URLS[name], else the subgraph's port on HOST (a
 * wildcard HOST is reached on loopback).
 */
export function subgraphUrls(config: Config): Record<string, string> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  const authority = host.includes(':') ? `[${host}]` : host;
  return Object.fromEntries(SUBGRAPHS.map((entry) => [entry.name, config.subgraphs.urls[entry.name] ?? `http://${authority}:${subgraphPort(config, entry)}/graphql`]));
}

/**
 * The subgraphs this process serves: all of them, or SUBGRAPHS for ROLE=subgraph.
 * @throws ConfigError when SUBGRAPHS, SUBGRAPH_PORTS or SUBGRAPH_URLS name a subgraph that does not exist.
 */
export function servedSubgraphs(config: Config): SubgraphEntry[] {
  checkSubgraphNames(config);
  const only = config.subgraphs.only;
  return only ? SUBGRAPHS.filter((entry) => only.includes(entry.name)) : [...SUBGRAPHS];
}

/** @throws ConfigError naming every key that mentions an unknown subgraph, with the known names. */
export function checkSubgraphNames(config: Config): void {
  const known = new Set(SUBGRAPHS.map((entry) => entry.name));
  const issues: ConfigIssue[] = [];
  const check = (key: string, names: readonly string[]) => {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) issues.push({ key, reason: `names unknown subgraph ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${[...known].join(', ')})` });
  };
  check('SUBGRAPHS', config.subgraphs.only ?? []);
  check('SUBGRAPH_PORTS', Object.keys(config.subgraphs.ports));
  check('SUBGRAPH_URLS', Object.keys(config.subgraphs.urls));
  if (issues.length > 0) throw new ConfigError(issues);
}
