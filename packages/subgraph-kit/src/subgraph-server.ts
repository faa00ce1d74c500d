import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTEXT_HEADER, verifyContextToken, type ContextClaims } from './context-token.js';
import { formatSubgraphError, isExpectedError } from './error-format.js';
import { errorPlugin } from './error.plugin.js';
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
    formatError: formatSubgraphError,
    // The process owns SIGINT/SIGTERM (packages/app main.ts stops everything in order, the database last);
    // Apollo's own handler would stop this server first and leave our close() waiting on it forever.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: options.name });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const result = verifyContextToken(req.header(CONTEXT_HEADER), options.signingKey);
        if (!result.ok) {
          throw new GraphQLError(`This subgraph only answers requests signed by the gateway (${result.reason}).`, {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
        return options.createContext(result.claims);
      },
    }),
  );

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
