/**
 * One gateway under test for `npm run bench:gateway`, alone in its process so its CPU is measured alone.
 * `ours` is the product's gateway (API-key cache, abuse controls, signed subgraph calls); `bare` is a plain
 * `@apollo/gateway` in `@apollo/server`'s standalone server that signs a fixed identity into each subgraph
 * request (the subgraphs answer nothing else) and does nothing more. Reads the subgraph side's READY JSON
 * on stdin, prints `READY <url>`, then answers `CPU` with its process CPU time in microseconds.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { startGateway } from '@bizosaas/gateway';
import { ApiKeyRepository, apiKeyPrefix, CachedApiKeyAuthenticator, loadConfig, openDatabase } from '@bizosaas/platform';
import { CONTEXT_HEADER, signContextToken } from '@bizosaas/subgraph-kit/context-token';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';

const subgraphSide = z.object({ subgraphUrls: z.record(z.string(), z.string()), databaseUrl: z.string(), schema: z.string(), signingKey: z.string(), tenantId: z.string() });
const kind = process.argv[2];
const lines = createInterface({ input: process.stdin });
const input = lines[Symbol.asyncIterator]();
const first = await input.next();
const side = subgraphSide.parse(JSON.parse(String(first.value)));
const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');

let url: string;
if (kind === 'ours') {
  const config = loadConfig({ ...process.env, KEY_REQUESTS_PER_SECOND: '1000000', KEY_REQUEST_BURST: '1000000', LOG_LEVEL: 'warn' });
  const db = await openDatabase({ url: side.databaseUrl, schema: side.schema });
  const keys = new CachedApiKeyAuthenticator(new ApiKeyRepository(db));
  await keys.start();
  const quiet = { info() {}, warn() {}, error: (object: Record<string, unknown>, message: string) => console.error(message, JSON.stringify(object)) };
  const gateway = await startGateway({
    supergraphSdl, subgraphUrls: side.subgraphUrls, host: '127.0.0.1', port: 0, signingKey: side.signingKey, contextTtlSeconds: 60,
    introspection: false, suggestions: false, landingPage: false, limits: config.graphql.limits, logger: quiet,
    abuse: { limits: config.abuse, keyPrefix: apiKeyPrefix },
    authenticate: async (key) => {
      const principal = await keys.authenticate(key);
      return principal && { tenantId: principal.tenantId, userId: principal.keyId, roles: principal.roles };
    },
  });
  url = gateway.url;
} else if (kind === 'bare') {
  const claims = { tenantId: side.tenantId, userId: 'bench', roles: ['admin'], requestId: 'bench' };
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url: composed }) => {
      const target = side.subgraphUrls[name] ?? composed ?? '';
      const source = new RemoteGraphQLDataSource({ url: target });
      const send = source.fetcher;
      source.fetcher = (to, init) => send(to, { ...init, headers: { ...init?.headers, [CONTEXT_HEADER]: signContextToken(claims, side.signingKey, { ttlSeconds: 60, body: init?.body ?? '', audience: name }) } });
      return source;
    },
  });
  const server = new ApolloServer({ gateway });
  ({ url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } }));
} else {
  throw new Error(`argument 1 must be "ours" or "bare" (got ${String(kind)})`);
}
process.stdout.write(`READY ${url}\n`);
for (let next = await input.next(); next.done !== true; next = await input.next()) {
  if (next.value.trim() === 'CPU') {
    const usage = process.cpuUsage();
    process.stdout.write(`CPU ${usage.user + usage.system}\n`);
  } else if (next.value.trim() === 'EXIT') process.exit(0);
}
process.exit(0); // stdin closed: the parent is gone
