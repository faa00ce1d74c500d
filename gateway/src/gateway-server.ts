import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { errorPlugin } from '@bizosaas/subgraph-kit/error-plugin';
import { jsonErrorHandler, jsonNotFound } from '@bizosaas/subgraph-kit/http-errors';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { disableApolloTelemetry } from './apollo-telemetry.js';
import { controlCharacterPlugin } from './control-characters.js';
import { createAbuseControls, type AbuseControls, type GatewayAbuseOptions } from './abuse/abuse-controls.js';
import type { ApiKeyAuthenticator, Principal } from './auth.js';
import { operationScopePlugin } from './operation-scope.js';
import { mountEndpoints, type GatewayEndpoint } from './extra-endpoints.js';
import { formatGatewayError } from './gateway-error-format.js';
import { mountOAuthCallback, type OAuthCallbackHandler } from './oauth-callback.route.js';
import { mountPortal } from './portal-static.js';
import { startOperationGate } from './limits/operation-gate.js';
import type { OperationGuard } from './limits/operation-guard.js';
import type { OperationLimits } from './limits/operation-limits.js';
import type { PlanWorker } from './limits/plan-worker.js';
import { idempotencyPlugin, type IdempotencyKeyStore } from './idempotency/idempotency-plugin.js';
import { serviceUnavailablePlugin } from './service-unavailable.js';
import { requestIdFrom } from './request-id.js';
import { graphqlRoute } from './http/graphql-route.js';
import { processRoutes } from './http/process-routes.js';
import { createRouter } from './http/router.js';
import { SignedDataSource } from './signed-data-source.js';
import { EventHub, type HubEventSource } from './subscriptions/event-hub.js';
import type { SubscriptionRoute } from './subscriptions/subscription-plan.js';
import { attachWsBridge } from './subscriptions/ws-bridge.js';
import { mutationAuditPlugin } from './people/mutation-audit.plugin.js';
import { mountPeople, type PeopleGatewayOptions } from './people/people-gateway.js';
import { withSessions } from './people/session-auth.js';

export interface GatewayOptions {
  /** The composed supergraph SDL (supergraph.graphql). */
  readonly supergraphSdl: string;
  /** Where each subgraph listens, by name; overrides the routing URLs composed into the SDL. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** A subgraph call without an answer after this long fails with SUBGRAPH_TIMEOUT naming the subgraph. Default 5 s. */
  readonly subgraphTimeoutMs?: number;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly signingKey: string;
  readonly contextTtlSeconds: number;
  readonly authenticate: ApiKeyAuthenticator;
  /** Explicit, never derived from NODE_ENV (Apollo's default would be). */
  readonly introspection: boolean;
  /** "Did you mean" hints in validation errors (they reveal the schema); explicit like introspection. */
  readonly suggestions: boolean;
  /** Serves the explorer landing page at GET /graphql; off in production. */
  readonly landingPage: boolean;
  /** Checked before planning, over HTTP and WebSocket alike; planning itself runs off-thread within a budget. */
  readonly limits: OperationLimits;
  /**
   * A planner thread launched earlier (`PlanWorker.launch` over the same supergraphSdl and the limits'
   * planning budget), so that it builds while the process loads; the gateway takes it over and closes it.
   * Without it the gateway launches its own.
   */
  readonly planner?: PlanWorker;
  readonly logger: KitLogger;
  /** Serves GET /ready: 200 when every dependency answers, else 503 naming the failing ones. */
  readonly readiness?: () => Promise<{ readonly ready: boolean; readonly checks: Readonly<Record<string, string>> }>;
  /** Prometheus text served at GET /metrics when given. */
  readonly metrics?: () => string;
  /** Receives provider webhooks at `POST /webhooks/:connectionId` when given. */
  readonly webhooks?: WebhookReceiver;
  /** Completes OAuth connect flows at `GET /oauth/callback?state&code` (or `&error`) when given. */
  readonly oauthCallback?: OAuthCallbackHandler;
  /** Serves GraphQL subscriptions over graphql-ws on the same path when given. */
  readonly subscriptions?: { readonly source: HubEventSource; readonly routes: readonly SubscriptionRoute[]; readonly maxQueue?: number };
  /** Failed-authentication throttles, per-key rate, socket and subscription caps; protective defaults when absent. */
  readonly abuse?: GatewayAbuseOptions;
  /** Makes mutations sent with an `Idempotency-Key` header run once per tenant and key when given. */
  readonly idempotency?: IdempotencyKeyStore;
  /** The portal's prebuilt files (packages/portal/dist), served at `/` when given and built. */
  readonly portalDir?: string;
  /** Sign-in for people (/auth/*, session cookies over HTTP and WebSocket, mutation audit) when given. */
  readonly people?: PeopleGatewayOptions;
  /** Endpoints beside /graphql (e.g. `/mcp`), authenticated and throttled like it. */
  readonly endpoints?: readonly GatewayEndpoint[];
}

/** Hands a raw webhook delivery to the platform, which verifies, deduplicates and publishes it. */
export type WebhookReceiver = (
  connectionId: string,
  request: { headers: Record<string, string | undefined>; rawBody: Buffer; url: string; method: string },
) => Promise<{ status: number; body: unknown }>;

export interface GatewayContext {
  readonly principal: Principal;
  readonly requestId: string;
  /** The client's address as the abuse limits count it (audit log). */
  readonly address?: string;
}

export interface RunningGateway {
  readonly url: string;
  /** The subscription hub, when subscriptions are on. */
  readonly hub: EventHub | undefined;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** How long a closing gateway waits for in-flight HTTP requests before cutting them off. */
export const DRAIN_GRACE_MS = 4_000;

/**
 * The public endpoint: authenticates the API key, then plans each operation over the supergraph and calls
 * the subgraphs over HTTP, each request carrying a freshly signed, short-lived context header.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  disableApolloTelemetry();
  const gate = startOperationGate({ limits: options.limits, supergraphSdl: options.supergraphSdl, logger: options.logger, planner: options.planner });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    queryPlannerConfig: { cache: gate.planCache },
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph "${name}": set it in supergraph.yaml or SUBGRAPH_URLS`);
      return new SignedDataSource({ name, url: target, signingKey: options.signingKey, ttlSeconds: options.contextTtlSeconds, timeoutMs: options.subgraphTimeoutMs ?? 5_000 });
    },
  });

  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
    gate.warm(loaded);
  });

  const people = options.people;
  const authenticate = people ? withSessions(options.authenticate, people.accounts) : options.authenticate;
  const abuse = createAbuseControls(options.abuse ?? {}, authenticate, options.logger);
  // Express serves only the routes beside the hot ones (portal, /auth, /mcp, webhooks, OAuth callbacks, 404).
  const app = express();
  const httpServer = createServer();
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    parseOptions: gate.parseOptions,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !options.suggestions,
    // The process's own SIGINT/SIGTERM handler stops everything in order; Apollo's would race it.
    stopOnTerminationSignals: false,
    formatError: (formatted) => formatGatewayError(gate.formatError(formatted)),
    plugins: [
      // In-flight requests get 4 s to finish on close (Apollo's default, 10 s, alone would pass the process's deadline).
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: DRAIN_GRACE_MS }),
      gate.plugin,
      controlCharacterPlugin<GatewayContext>(),
      operationScopePlugin<GatewayContext>(),
      serviceUnavailablePlugin<GatewayContext>(),
      ...(people ? [mutationAuditPlugin<GatewayContext>((entry) => people.accounts.recordMutation(entry), options.logger)] : []),
      ...(options.idempotency ? [idempotencyPlugin<GatewayContext>({ store: options.idempotency, logger: options.logger })] : []),
      options.landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
      errorPlugin<GatewayContext>({
        service: 'gateway',
        logger: options.logger,
        requestIdOf: (context) => context.requestId,
        tenantIdOf: (context) => context.principal?.tenantId,
        isExpected: (error) => typeof error.extensions?.code === 'string' && error.extensions.code !== 'INTERNAL_SERVER_ERROR',
      }),
    ],
  });
  await server.start();

  app.disable('x-powered-by');
  if (!options.portalDir || !mountPortal(app, options.portalDir, options.logger)) {
    app.get('/', (_req, res) => {
      res.redirect('/graphql');
    });
  }
  const receive = options.webhooks;
  if (receive) {
    app.post('/webhooks/:connectionId', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const requestId = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('x-request-id', requestId);
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const outcome = await receive(String(req.params.connectionId), { headers, rawBody, url: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`, method: req.method });
        res.status(outcome.status).json(outcome.body);
      } catch (error) {
        options.logger.error({ requestId, err: { message: error instanceof Error ? error.message : String(error) } }, 'webhook failed');
        res.status(500).json({ error: `Internal error. Quote request id ${requestId} when reporting it.` });
      }
    });
  }
  if (options.oauthCallback) mountOAuthCallback(app, options.oauthCallback, options.logger);
  const sessions = people ? mountPeople(app, people, abuse, abuse.store, options.logger) : undefined;
  mountEndpoints(app, options.endpoints ?? [], abuse.guard, (error) => options.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'endpoint failed'));
  app.use(jsonNotFound());
  app.use(jsonErrorHandler('gateway', options.logger));
  const graphql = graphqlRoute({
    server,
    guard: abuse.guard,
    ...(sessions ? { sessions } : {}),
    precheck: (method, body) => gate.precheck(apiSchema, method, body),
    logger: options.logger,
  });
  const metrics = options.metrics;
  const withGateMetrics = metrics ? { metrics: () => `${metrics()}${gate.metrics()}` } : {};
  const routes = [{ path: '/graphql', subpaths: true, handle: graphql }, ...processRoutes({ ...options, ...withGateMetrics })];
  httpServer.on('request', createRouter(routes, app));

  // The planner worker was built on another thread while the above ran; a gateway that cannot plan must not listen.
  await gate.ready().catch(async (error: unknown) => {
    await server.stop();
    await gate.close();
    throw error;
  });
  const live = options.subscriptions ? await startSubscriptions(options, options.subscriptions, server, httpServer, () => apiSchema, abuse, gate.guard) : undefined;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    httpServer,
    hub: live?.hub,
    close: async () => {
      await live?.close();
      await server.stop();
      await gate.close();
    },
  };
}

/**
 * The subscription side: one hub (one tail of the event log) whose per-event queries run through this
 * gateway as the subscriber's principal, and the graphql-ws bridge on the same path.
 */
async function startSubscriptions(
  options: GatewayOptions,
  subscriptions: NonNullable<GatewayOptions['subscriptions']>,
  server: ApolloServer<GatewayContext>,
  httpServer: Server,
  schema: () => GraphQLSchema | undefined,
  abuse: AbuseControls,
  guard: OperationGuard,
): Promise<{ hub: EventHub; close(): Promise<void> }> {
  const hub = new EventHub(
    subscriptions.source,
    async (principal, query, variables, requestId) => {
      const response = await server.executeOperation({ query, variables }, { contextValue: { principal, requestId } });
      if (response.body.kind !== 'single') return { errors: [new GraphQLError('Incremental delivery is not supported in subscriptions')] };
      const { data, errors } = response.body.singleResult;
      return { data: data ?? null, ...(errors ? { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })) } : {}) };
    },
    options.logger,
  );
  await hub.start();
  const bridge = attachWsBridge({ httpServer, path: '/graphql', schema, abuse, operationGuard: guard, suggestions: options.suggestions, hub, routes: subscriptions.routes, logger: options.logger, ...(options.people ? { sessions: { publicOrigin: options.people.publicOrigin } } : {}), ...(subscriptions.maxQueue ? { maxQueue: subscriptions.maxQueue } : {}) });
  return {
    hub,
    close: async () => {
      await bridge.close();
      await hub.close();
    },
  };
}
