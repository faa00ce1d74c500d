/**
 * One HTTP server for `npm run bench:http-layer`, alone in its process: `express` is the gateway's former HTTP
 * layer (Express 5, its routes in the gateway's order, the /graphql chain's request id and `express.json`),
 * `ours` the gateway's present one (its node:http router and JSON body reader), `bare` a `node:http` handler
 * with body-parser's JSON parser (which Apollo's standalone server uses too). All answer a fixed
 * GraphQL-shaped body, so only the layer differs. Prints `READY <url>`, answers `CPU` with its CPU time in
 * microseconds.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { readJsonBody } from '../../gateway/src/http/json-body.js';
import { createRouter } from '../../gateway/src/http/router.js';

const ANSWER = JSON.stringify({ data: { deals: { totalCount: 2, nodes: [{ title: 'Pilot' }, { title: 'Renewal' }] } } });

function answer(body: unknown, res: ServerResponse): void {
  const ok = typeof body === 'object' && body !== null && 'query' in body;
  res.statusCode = ok ? 200 : 400;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(ok ? ANSWER : '{"errors":[{"message":"no query"}]}');
}

function expressServer() {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', (_req, res) => void res.json({ status: 'ready' }));
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/metrics', (_req, res) => void res.type('text/plain').send(''));
  app.post('/webhooks/:connectionId', express.raw({ type: () => true }), (_req, res) => void res.json({}));
  app.get('/oauth/callback', (_req, res) => void res.send(''));
  app.use(
    '/graphql',
    (_req, res, next) => {
      res.setHeader('x-request-id', randomUUID());
      next();
    },
    express.json({ limit: '1mb' }),
    (req, res) => answer(req.body, res),
  );
  return createServer(app);
}

function bareServer() {
  // express.json is body-parser's JSON parser: the same parser, without Express's app and router.
  const json = express.json({ limit: '1mb' });
  return createServer((req: IncomingMessage & { body?: unknown }, res) => {
    if (req.url !== '/graphql' || req.method !== 'POST') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('x-request-id', randomUUID());
    json(req, res, (error?: unknown) => {
      if (error) {
        res.statusCode = 400;
        res.end();
      } else answer(req.body, res);
    });
  });
}

function oursServer() {
  const graphql = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('x-request-id', randomUUID());
    readJsonBody(req).then(
      (body) => answer(body, res),
      () => {
        res.statusCode = 400;
        res.end();
      },
    );
  };
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 404;
    res.end();
  };
  const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('{"status":"ok"}');
  const routes = [{ path: '/graphql', subpaths: true, handle: graphql }, { path: '/health', handle: ok }, { path: '/ready', handle: ok }, { path: '/metrics', handle: ok }];
  return createServer(createRouter(routes, notFound));
}

const kind = process.argv[2];
const servers = { express: expressServer, ours: oursServer, bare: bareServer };
if (kind !== 'express' && kind !== 'ours' && kind !== 'bare') throw new Error(`argument 1 must be "express", "ours" or "bare" (got ${String(kind)})`);
const server = servers[kind]();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'CPU') {
    const usage = process.cpuUsage();
    process.stdout.write(`CPU ${usage.user + usage.system}\n`);
  } else if (line.trim() === 'EXIT') break;
}
process.exit(0);
