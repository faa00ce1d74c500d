import { GraphQLError, validate, specifiedRules, type GraphQLSchema } from 'graphql';
import type { Server as HttpServer } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { presentedKey, type ApiKeyAuthenticator, type Principal } from '../auth.js';
import type { OperationGuard } from '../limits/operation-guard.js';
import type { EventHub } from './event-hub.js';
import { planSubscription, type SubscriptionPlan, type SubscriptionRoute } from './subscription-plan.js';
import { SubscriberQueue } from './subscriber-queue.js';

export interface WsBridgeOptions {
  readonly httpServer: HttpServer;
  readonly path: string;
  /** The client-facing schema (the supergraph's API schema), once loaded. */
  readonly schema: () => GraphQLSchema | undefined;
  /** The operation limits, applied as over HTTP. */
  readonly guard: OperationGuard;
  readonly authenticate: ApiKeyAuthenticator;
  readonly hub: EventHub;
  readonly routes: readonly SubscriptionRoute[];
  readonly logger: KitLogger;
  /** Results a subscriber may fall behind before it is dropped (default 5000). */
  readonly maxQueue?: number;
  /** Subscriptions one connection may hold (default 100). */
  readonly maxSubscriptionsPerConnection?: number;
}

// A type alias (not an interface) so it satisfies graphql-ws's Record constraint.
type Extra = { principal?: Principal; active?: number };

interface BridgeContext {
  readonly principal: Principal;
  readonly plan: SubscriptionPlan;
  readonly close: (code: number, reason: string) => void;
}

/** Close code for a subscriber that could not keep up; the reason names the cursor to resume from. */
export const CLOSE_TOO_SLOW = 4429;

/**
 * GraphQL subscriptions over graphql-ws on the gateway's /graphql path. WebSocket upgrades skip the HTTP
 * middleware, so the bridge authenticates the API key from `connection_init` itself and applies the same
 * validation and depth limit as HTTP. The tenant comes from the key, never from the client.
 */
export function attachWsBridge(options: WsBridgeOptions): { close(): Promise<void> } {
  // The same 1 MB request limit as HTTP (ws would accept 100 MB frames by default).
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: 1024 * 1024 });
  const maxQueue = options.maxQueue ?? 5000;
  const maxSubscriptions = options.maxSubscriptionsPerConnection ?? 100;
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const apiKey = typeof params.apiKey === 'string' ? params.apiKey : undefined;
        const key = presentedKey({ ...(authorization ? { authorization } : {}), ...(apiKey ? { 'x-api-key': apiKey } : {}) });
        const principal = key ? await options.authenticate(key) : null;
        if (!principal) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.principal = principal;
        ctx.extra.active = 0;
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const schema = options.schema();
        const principal = ctx.extra.principal;
        if (!schema || !principal) return [new GraphQLError('The gateway is not ready; retry shortly.')];
        if ((ctx.extra.active ?? 0) >= maxSubscriptions) return [new GraphQLError(`At most ${maxSubscriptions} subscriptions per connection.`)];
        let document;
        try {
          document = options.guard.parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Unparsable query')];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document, specifiedRules);
        } catch (error) {
          // graphql-js throws (rather than reporting) on a few malformed subscriptions.
          return [new GraphQLError(error instanceof Error ? error.message : 'Invalid subscription')];
        }
        if (errors.length > 0) return errors;
        // The first limit exceeded, as Apollo Server answers over HTTP.
        const refused = options.guard.check(schema, document, payload.operationName, payload.variables ?? {}).slice(0, 1);
        if (refused.length > 0) return refused;
        const plan = planSubscription(document, payload.operationName, payload.variables ?? {}, options.routes);
        if (Array.isArray(plan)) return plan;
        const context: BridgeContext = { principal, plan, close: (code, reason) => ctx.extra.socket.close(code, reason) };
        return { schema, document, contextValue: context, variableValues: payload.variables ?? {} };
      },
      subscribe: async (args) => {
        const { principal, plan, close } = args.contextValue as BridgeContext;
        const queue = new SubscriberQueue(maxQueue, (cursor) => {
          options.logger.warn({ tenantId: principal.tenantId, cursor }, 'dropping a subscriber that cannot keep up');
          close(CLOSE_TOO_SLOW, `Too slow: subscribe again with after: ${cursor ?? plan.after ?? 'none'}`.slice(0, 120));
        });
        queue.onReturn = await options.hub.subscribe(principal, plan, queue);
        return queue;
      },
      execute: () => ({ errors: [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST.')] }),
      onOperation: (ctx) => {
        ctx.extra.active = (ctx.extra.active ?? 0) + 1;
      },
      onComplete: (ctx) => {
        ctx.extra.active = Math.max(0, (ctx.extra.active ?? 0) - 1);
      },
      // Explicit, never derived from NODE_ENV: unexpected errors are not echoed to clients.
      isProd: true,
    },
    wss,
  );
  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
