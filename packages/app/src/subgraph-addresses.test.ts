import { ConfigError, loadConfig } from '@bizosaas/platform';
import { describe, expect, it } from 'vitest';
import { servedSubgraphs, subgraphPort, subgraphUrls } from './subgraph-addresses.js';
import { SUBGRAPHS } from './subgraphs.js';

const cluster = { DATABASE_URL: 'postgresql://db/biz', REDIS_URL: 'redis://cache:6379' };
const entry = (name: string) => {
  const found = SUBGRAPHS.find((s) => s.name === name);
  if (!found) throw new Error(`no subgraph ${name}`);
  return found;
};

describe('subgraph addresses', () => {
  it('gives every subgraph its own default port, distinct and independent of the list order', () => {
    const config = loadConfig({});
    const ports = SUBGRAPHS.map((s) => subgraphPort(config, s));
    expect(new Set(ports).size).toBe(SUBGRAPHS.length);
    expect(subgraphPort(config, entry('crm'))).toBe(4001);
    expect(subgraphPort(config, entry('platform'))).toBe(4006);
    expect(subgraphPort(loadConfig({ SUBGRAPH_BASE_PORT: '7000' }), entry('commerce'))).toBe(7003);
  });

  it('takes a port or URL configured by name over the default, and leaves the others alone', () => {
    const config = loadConfig({ SUBGRAPH_PORTS: 'commerce=9100', SUBGRAPH_URLS: 'crm=http://10.0.0.5:8001/graphql', HOST: '0.0.0.0' });
    expect(subgraphPort(config, entry('commerce'))).toBe(9100);
    const urls = subgraphUrls(config);
    expect(urls.crm).toBe('http://10.0.0.5:8001/graphql');
    expect(urls.commerce).toBe('http://127.0.0.1:9100/graphql');
    expect(urls.content).toBe('http://127.0.0.1:4002/graphql');
    expect(Object.keys(urls).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
  });

  it('serves the subgraphs named in SUBGRAPHS, or all', () => {
    expect(servedSubgraphs(loadConfig({ ...cluster, ROLE: 'subgraph', SUBGRAPHS: 'platform,crm' })).map((s) => s.name)).toEqual(['crm', 'platform']);
    expect(servedSubgraphs(loadConfig({})).length).toBe(SUBGRAPHS.length);
  });

  it('refuses a name that is no subgraph, naming the key and the known names', () => {
    let caught: unknown;
    try {
      servedSubgraphs(loadConfig({ ...cluster, ROLE: 'subgraph', SUBGRAPHS: 'crm,billing', SUBGRAPH_URLS: 'shop=http://x/graphql' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = caught instanceof ConfigError ? caught.issues : [];
    expect(issues.map((i) => i.key)).toEqual(['SUBGRAPHS', 'SUBGRAPH_URLS']);
    expect(issues[0]?.reason).toBe('names unknown subgraph "billing" (known: crm, content, analytics, commerce, agents, platform)');
  });
});
