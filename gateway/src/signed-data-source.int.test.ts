import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedDataSource } from './signed-data-source.js';

describe('SignedDataSource timeout', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // Answers /fast at once and never answers anything else: a stalled subgraph.
    server = createServer((req, res) => {
      if (req.url === '/fast') res.end('{"data":{"ok":true}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const source = (timeoutMs: number) => new SignedDataSource({ name: 'crm', url, signingKey: 'k'.repeat(32), ttlSeconds: 60, timeoutMs });

  it('fails a call the subgraph does not answer with SUBGRAPH_TIMEOUT naming it, after the configured time', async () => {
    const started = Date.now();
    const error: unknown = await source(300).fetcher(`${url}/stalled`, { method: 'POST', headers: {}, body: '{}' }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error instanceof GraphQLError && error.message).toBe('Subgraph "crm" did not answer within 300 ms');
    expect(error instanceof GraphQLError && error.extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'crm' });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('passes an answer in time through', async () => {
    const response = await source(2_000).fetcher(`${url}/fast`, { method: 'POST', headers: {}, body: '{}' });
    expect(await response.json()).toEqual({ data: { ok: true } });
  });
});
