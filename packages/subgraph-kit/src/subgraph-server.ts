import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTEXT_HEADER, verifyContextToken, type ContextClaims } from './context-token.js';
import { ReplayGuard } from './replay-guard.js';
import { formatSubgraphError, isExpectedError } from './error-format.js';
import { errorPlugin } from './error.plugin.js';
import { jsonErrorHandler, jsonNotFound } from './http-errors.js';
import type { KitLogger } from './logger.js';
import type { BaseContext } from './request-context.js';

export interface SubgraphServerOptions<TContext extends BaseContext> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The key the gateway signs context headers with. */
  readonly signingKey: string;
  readonly logger: KitLogger;
  /** Builds the per-request context (loaders, tenant's adapters) from the verified identity. */
  createContext(identity: ContextClaims): Promise<TContext>;
  /** Wraps the handling of each request (the composition root sets the connectors' deadline with it). */
  aroundRequest?<T>(handle: () => T): T;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one subgraph over HTTP at `/graphql`. Every request must carry a valid signed context header
 * from the gateway; anything else is refused with 401 before any resolver runs. Introspection and the
 * landing page are off: the gateway serves the composed supergraph, never a subgraph's schema.
 */
export async function startSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<RunningServer> {
  const app = express();
  const httpServer = createServer(app);
  const server = new ApolloServer<TContext>({
    schema: options.schema,
    introspection: false,
    includeStacktraceInErrorResponses: false,
    // Only the gateway talks to a subgraph, and the gateway decides what clients see of the schema.
    hideSchemaDetailsFromClientErrors: true,
    // The process's own SIGINT/SIGTERM handler stops everything in order; Apollo's would race it.
    stopOnTerminationSignals: false,
    formatError: formatSubgraphError,
    plugins: [
      // The gateway drains first, so little is left here; bounded well inside the process's 10 s shutdown.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 2_000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Federated tracing reports to Apollo's cloud, which this product does not use.
      ApolloServerPluginInlineTraceDisabled(), errorPlugin<TContext>({
        service: options.name,
        logger: options.logger,
        requestIdOf: (context) => context.identity?.requestId,
        tenantIdOf: (context) => context.identity?.tenantId,
        isExpected: isExpectedError,
      }),
    ],
  });
  await server.start();

  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: options.name });
  });
  const replays = new ReplayGuard();
  const rawBodies = new WeakMap<object, Buffer>();
  const around = options.aroundRequest;
  app.use(
    '/graphql',
    // The token is bound to the exact bytes of the body, so keep them beside the parsed JSON.
    express.json({ limit: '1mb', verify: (req, _res, buffer) => void rawBodies.set(req, Buffer.from(buffer)) }),
    // After the body is read: what runs from here on (resolvers, connector calls) runs inside `around`.
    (_req, _res, next) => (around ? around(next) : next()),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const result = verifyContextToken(req.header(CONTEXT_HEADER), options.signingKey, { body: rawBodies.get(req) ?? Buffer.alloc(0), audience: options.name });
        const refusal = !result.ok ? result.reason : replays.firstUse(result.tokenId, result.expiresAtMs) ? undefined : 'token already used';
        if (refusal !== undefined || !result.ok) {
          throw new GraphQLError(`This subgraph only answers requests signed by the gateway (${refusal ?? 'refused'}).`, {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
        return options.createContext(result.claims);
      },
    }),
  );

  app.use(jsonNotFound());
  app.use(jsonErrorHandler(options.name, options.logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    close: () => server.stop(),
  };
}
