import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateHttp, throttledAddressBody } from '../abuse/abuse-http.js';
import type { AuthGuard } from '../abuse/auth-guard.js';
import { clientAddress } from '../abuse/client-address.js';
import type { Principal } from '../auth.js';
import type { GatewayContext } from '../gateway-server.js';
import type { SessionCheck } from '../people/session-auth.js';
import { requestIdFrom } from '../request-id.js';
import { readJsonBody } from './json-body.js';
import { answerFailure, sendJson } from './respond.js';

export interface GraphQLRouteOptions {
  readonly server: ApolloServer<GatewayContext>;
  readonly guard: AuthGuard;
  /** Session cookies (and their CSRF token) when people sign in; absent, API keys only. */
  readonly sessions?: SessionCheck;
  /** The operation limits' refusal of a parsed body, before the key is looked up. */
  readonly precheck: (method: string, body: unknown) => GraphQLError | undefined;
  readonly logger: KitLogger;
}

/**
 * /graphql on node:http, in the order the Express chain had: request id; a throttled address refused before
 * anything is read; the session cookie and its CSRF token; the JSON body (1 MB, UTF-8, clear 4xx that never
 * quote it); the limits pre-check; then Apollo Server's own GraphQL-over-HTTP handling (content-type and
 * CSRF-preflight checks, GET queries, the landing page), with the API key checked when it builds the context.
 */
export function graphqlRoute(options: GraphQLRouteOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { server, guard, sessions, precheck, logger } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const address = clientAddress(req.socket.remoteAddress);
    const wait = await guard.addressRetryAfter(address);
    if (wait > 0) return sendJson(res, 429, throttledAddressBody(wait), [['retry-after', String(wait)]]);
    let sessionPrincipal: Principal | undefined;
    if (sessions) {
      const outcome = await sessions(req, res);
      if (outcome === false) return;
      sessionPrincipal = outcome;
    }
    const body = await readJsonBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const refused = precheck(method, body);
    if (refused) return sendJson(res, 400, { errors: [{ message: refused.message, extensions: { ...refused.extensions, requestId } }] });

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: query < 0 ? '' : url.slice(query), body },
      context: async () => ({ principal: sessionPrincipal ?? (await authenticateHttp(guard, req.headers, address)), requestId, address }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    handle(req, res, requestId).catch((error: unknown) => answerFailure(req, res, error, requestId, logger));
  };
}
