import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyError, parseStrictJson, readJsonBody } from './json-body.js';

/** A server that answers what readJsonBody made of the request: the value, or the refusal's type. */
describe('readJsonBody', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      readJsonBody(req, 64).then(
        (body) => res.end(JSON.stringify({ body: body === undefined ? 'undefined' : body })),
        (error: unknown) => res.end(JSON.stringify({ refused: error instanceof BodyError ? error.type : String(error) })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** node:http's client, so headers (a wrong content-length, an encoding) go out exactly as given. */
  const send = (headers: Record<string, string>, body?: Buffer | string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/graphql', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('parses a JSON object, and a gzipped one', async () => {
    expect(await send({ 'content-type': 'application/json' }, '{"query":"{ a }"}')).toEqual({ body: { query: '{ a }' } });
    expect(await send({ 'content-type': 'Application/JSON; charset=UTF-8', 'content-encoding': 'gzip' }, gzipSync('{"q":1}'))).toEqual({ body: { q: 1 } });
  });

  it('gives undefined for another content type or no body, {} for an empty JSON body', async () => {
    expect(await send({ 'content-type': 'text/plain' }, '{"query":"{ a }"}')).toEqual({ body: 'undefined' });
    expect(await send({ 'content-type': 'application/json', 'content-length': '0' })).toEqual({ body: {} });
  });

  it('refuses malformed JSON, a bare value, a foreign charset, an unknown encoding, and too much', async () => {
    expect(await send({ 'content-type': 'application/json' }, '{"query": ')).toEqual({ refused: 'entity.parse.failed' });
    expect(await send({ 'content-type': 'application/json' }, '"just a string"')).toEqual({ refused: 'entity.parse.failed' });
    expect(await send({ 'content-type': 'application/json; charset=latin1' }, '{}')).toEqual({ refused: 'charset.unsupported' });
    expect(await send({ 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}')).toEqual({ refused: 'encoding.unsupported' });
    expect(await send({ 'content-type': 'application/json' }, `{"pad":"${'x'.repeat(100)}"}`)).toEqual({ refused: 'entity.too.large' });
    // Chunked, so the limit is found while reading rather than from content-length.
    expect(await send({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, `{"pad":"${'x'.repeat(100)}"}`)).toEqual({ refused: 'entity.too.large' });
    // Inflated size counts: 20 bytes of gzip that expand past the limit.
    expect(await send({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(`{"pad":"${'x'.repeat(1000)}"}`))).toEqual({ refused: 'entity.too.large' });
    expect(await send({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all')).toEqual({ refused: 'entity.parse.failed' });
  });
});

describe('parseStrictJson', () => {
  it('keeps only the error type, never the text', () => {
    const secret = 'sk_live_do-not-echo';
    try {
      parseStrictJson(`{"key": "${secret}"`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BodyError);
      expect(String(error)).not.toContain(secret);
    }
    expect(parseStrictJson('  [1]')).toEqual([1]);
  });
});
