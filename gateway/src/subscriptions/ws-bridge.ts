import { GraphQLError, validate, specifiedRules, type GraphQLSchema } from 'graphql';
import type { Server as HttpServer } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { AbuseControls } from '../abuse/abuse-controls.js';
import { clientAddress } from '../abuse/client-address.js';
import { CLOSE_TOO_MANY_SOCKETS } from '../abuse/key-sockets.js';
import { presentedKey, type Principal } from '../auth.js';
import type { OperationGuard } from '../limits/operation-guard.js';
import { withoutSuggestions } from '../suggestions.js';
import { controlCharacterError, findControlCharacter } from '../control-characters.js';
import type { EventHub } from './event-hub.js';
import { CLOSE_GOING_AWAY, goingAwayReason } from './going-away.js';
import { planSubscription, type SubscriptionPlan, type SubscriptionRoute } from './subscription-plan.js';
import { SubscriberQueue } from './subscriber-queue.js';
import { isMarked, sessionCredential } from '../people/ws-session.js';

export interface WsBridgeOptions {
  readonly httpServer: HttpServer;
  readonly path: string;
  /** The client-facing schema (the supergraph's API schema), once loaded. */
  readonly schema: () => GraphQLSchema | undefined;
  /** Authentication behind the failure throttles and key rate, and the per-key socket registry. */
  readonly abuse: AbuseControls;
  /** The operation limits, applied as over HTTP. */
  readonly operationGuard: OperationGuard;
  readonly hub: EventHub;
  readonly routes: readonly SubscriptionRoute[];
  readonly logger: KitLogger;
  /** "Did you mean" hints in validation errors; off unless introspection is explicitly on. */
  readonly suggestions?: boolean;
  /** Results a subscriber may fall behind before it is dropped (default 5000). */
  readonly maxQueue?: number;
  /** Accept the session cookie (same origin only) when connection_init carries no API key. */
  readonly sessions?: { readonly publicOrigin?: string | undefined };
}

// A type alias (not an interface) so it satisfies graphql-ws's Record constraint.
type Extra = { principal?: Principal };

interface BridgeContext {
  readonly principal: Principal;
  readonly plan: SubscriptionPlan;
  readonly close: (code: number, reason: string) => void;
  readonly socket: WebSocket;
}

/** Close code for a subscriber that could not keep up; the reason names the cursor to resume from. */
export const CLOSE_TOO_SLOW = 4429;
/** Close code for connection_init refused by the failed-authentication throttle or the key's request rate. */
export const CLOSE_THROTTLED = 4430;

/**
 * GraphQL subscriptions over graphql-ws on the gateway's /graphql path. WebSocket upgrades skip the HTTP
 * middleware, so the bridge authenticates the API key from `connection_init` itself and applies the same
 * validation and depth limit as HTTP. The tenant comes from the key, never from the client.
 */
export function attachWsBridge(options: WsBridgeOptions): { close(): Promise<void> } {
  // The same 1 MB request limit as HTTP (ws would accept 100 MB frames by default).
  const { guard, sockets, limits } = options.abuse;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: 1024 * 1024,
    // A throttled address is refused at the upgrade already: a plain 429 with Retry-After.
    verifyClient: (info, accept) => {
      guard.addressRetryAfter(clientAddress(info.req.socket.remoteAddress)).then(
        (retryAfter) => (retryAfter === 0 ? accept(true) : accept(false, 429, 'Too Many Requests', { 'Retry-After': String(retryAfter) })),
        () => accept(true),
      );
    },
  });
  const maxQueue = options.maxQueue ?? 5000;
  const maxSubscriptions = limits.sockets.subscriptionsPerSocket;
  sockets.start();
  // Each socket's live subscriptions, so a shutdown can tell the client where each socket resumes from.
  const live = new Map<WebSocket, Set<SubscriberQueue>>();
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const apiKey = typeof params.apiKey === 'string' ? params.apiKey : undefined;
        const presented = presentedKey({ ...(authorization ? { authorization } : {}), ...(apiKey ? { 'x-api-key': apiKey } : {}) });
        const session = presented === undefined && options.sessions ? sessionCredential(ctx.extra.request, options.sessions.publicOrigin) : undefined;
        if (session === 'refused' || isMarked(presented)) return false;
        const key = presented ?? session;
        const outcome = await guard.authenticate(key, clientAddress(ctx.extra.request.socket.remoteAddress));
        if (!outcome.ok || !key) {
          // An unknown key keeps graphql-ws's 4403 Forbidden; a throttled one says when to retry.
          if (!outcome.ok && outcome.status === 429) ctx.extra.socket.close(CLOSE_THROTTLED, outcome.message.slice(0, 120));
          return false;
        }
        const { principal } = outcome;
        const { socket } = ctx.extra;
        if (!(await sockets.open(principal.userId, key, socket))) {
          socket.close(CLOSE_TOO_MANY_SOCKETS, `Too many open sockets for this API key (at most ${limits.sockets.perKey})`);
          return false;
        }
        // The client may have gone while its key was checked: its close was handled already, so free the place here.
        if (socket.readyState !== socket.OPEN) {
          sockets.release(principal.userId, socket);
          return false;
        }
        ctx.extra.principal = principal;
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.principal) sockets.release(ctx.extra.principal.userId, ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const schema = options.schema();
        const principal = ctx.extra.principal;
        if (!schema || !principal) return [new GraphQLError('The gateway is not ready; retry shortly.')];
        // graphql-ws registers the id before calling this hook, and this check runs before the hook's first
        // await, so the count includes this subscription and every one still being set up: a burst cannot
        // slip past the cap.
        if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
          return [new GraphQLError(`At most ${maxSubscriptions} subscriptions per connection.`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        // Each subscribe costs a request of the key's rate, so subscribe/complete churn is bounded too.
        const spent = await guard.spend(principal);
        if (!spent.ok) return [new GraphQLError(spent.message, { extensions: { code: spent.code, retryAfterSeconds: spent.retryAfterSeconds } })];
        let document;
        try {
          document = options.operationGuard.parse(payload.query);
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
        if (errors.length > 0) return options.suggestions ? [...errors] : withoutSuggestions(errors);
        const control = findControlCharacter(document, payload.variables ?? undefined);
        if (control) return [controlCharacterError(control)];
        // The first limit exceeded, as Apollo Server answers over HTTP.
        const refused = options.operationGuard.check(schema, document, payload.operationName, payload.variables ?? {}).slice(0, 1);
        if (refused.length > 0) return refused;
        const plan = planSubscription(document, payload.operationName, payload.variables ?? {}, options.routes);
        if (Array.isArray(plan)) return plan;
        const context: BridgeContext = { principal, plan, socket: ctx.extra.socket, close: (code, reason) => ctx.extra.socket.close(code, reason) };
        return { schema, document, contextValue: context, variableValues: payload.variables ?? {} };
      },
      subscribe: async (args) => {
        const { principal, plan, close, socket } = args.contextValue as BridgeContext;
        const queue = new SubscriberQueue(
          maxQueue,
          (cursor) => {
            options.logger.warn({ tenantId: principal.tenantId, cursor }, 'dropping a subscriber that cannot keep up');
            close(CLOSE_TOO_SLOW, `Too slow: subscribe again with after: ${cursor ?? plan.after ?? 'none'}`.slice(0, 120));
          },
          plan.after,
        );
        const queues = live.get(socket) ?? new Set();
        live.set(socket, queues.add(queue));
        const leave = () => {
          queues.delete(queue);
          if (queues.size === 0 && live.get(socket) === queues) live.delete(socket);
        };
        // A subscription the hub fails while subscribing (a bad cursor) ends here and must not linger.
        queue.onReturn = leave;
        const remove = await options.hub.subscribe(principal, plan, queue);
        queue.onReturn = () => {
          leave();
          remove();
        };
        return queue;
      },
      execute: () => ({ errors: [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST.')] }),
      // Explicit, never derived from NODE_ENV: unexpected errors are not echoed to clients.
      isProd: true,
    },
    wss,
  );
  return {
    close: async () => {
      sockets.stop();
      // Before graphql-ws's own "Going away": the reason names the cursor each socket resumes from.
      for (const socket of wss.clients) {
        socket.close(CLOSE_GOING_AWAY, goingAwayReason([...(live.get(socket) ?? [])].map((queue) => queue.resumeCursor)));
      }
      live.clear();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
