import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetcher, SubgraphFetchTimeoutError } from './subgraph.fetcher.js';

describe('createSubgraphFetcher', () => {
  let server: Server;
  let url: string;
  const seen: { method: string | undefined; headers: IncomingMessage['headers']; body: string }[] = [];
  const fetcher = createSubgraphFetcher({ maxResponseBytes: 1_000 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url === '/big') res.end('x'.repeat(2_000));
        else if (req.url === '/slow') setTimeout(() => res.end('{"data":{}}'), 2_000);
        else if (req.url === '/stalls') {
          res.writeHead(200, { 'content-type': 'application/json' }).write('{"data":');
          setTimeout(() => res.end('{}}'), 2_000);
        }
        else res.writeHead(req.url === '/bad' ? 400 : 200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end(JSON.stringify({ data: { ok: true } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    fetcher.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the exact body and headers, and reads status, headers and JSON', async () => {
    const body = '{"query":"{ ok }","variables":{"é":"ü"}}';
    const response = await fetcher(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-token': 't1' }, body });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body, headers: { 'x-token': 't1', 'content-length': String(Buffer.byteLength(body)) } });
    expect(response).toMatchObject({ ok: true, status: 200 });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toContain('a=1');
    expect(await response.clone().json()).toEqual({ data: { ok: true } });
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/already used/);
  });

  it('reports a non-2xx answer as not ok with its status', async () => {
    const response = await fetcher(`${url}/bad`, { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(400);
  });

  it('refuses an answer over the size limit, and rejects when nothing listens', async () => {
    await expect(fetcher(`${url}/big`, { method: 'POST', body: '{}' })).rejects.toThrow(/exceeds 1000 bytes/);
    await expect(fetcher('http://127.0.0.1:1/graphql', { method: 'POST', body: '{}' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends once more on a fresh socket when a kept-alive one was closed under it, and only then', async () => {
    let requests = 0;
    const perSocket = new WeakMap<object, number>();
    const closing = createServer((req, res) => {
      requests += 1;
      const count = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, count);
      if (count === 2) req.socket.destroy(); // the idle socket the server dropped as it was reused
      else res.end('{"data":{}}');
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(closing.address() as AddressInfo).port}/graphql`;
    const own = createSubgraphFetcher();
    try {
      expect((await own(target, { method: 'POST', body: '{}' })).status).toBe(200);
      expect((await own(target, { method: 'POST', body: '{}' })).status).toBe(200);
      expect(requests).toBe(3);
    } finally {
      own.close();
      await new Promise((resolve) => closing.close(resolve));
    }
  });

  it('aborts through the signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetcher(`${url}/graphql`, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it('fails with SubgraphFetchTimeoutError when the answer is late, and answers in time otherwise', async () => {
    const bounded = fetcher.within(200);
    const started = Date.now();
    await expect(bounded(`${url}/slow`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(SubgraphFetchTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_900);
    expect((await fetcher.within(10_000)(`${url}/graphql`, { method: 'POST', body: '{}' })).status).toBe(200);
    // Late in the middle of the body: still the timeout, not the connection reset it causes.
    await expect(bounded(`${url}/stalls`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(SubgraphFetchTimeoutError);
  });
});
