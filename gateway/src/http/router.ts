import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { pathOf } from './respond.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Route {
  readonly path: string;
  /** Also answers every path below this one (`/graphql/...`, as Express's `app.use('/graphql')` did). */
  readonly subpaths?: boolean;
  /** Methods answered here; other methods go to the fallback. Every method when absent. */
  readonly methods?: readonly string[];
  readonly handle: RouteHandler;
}

/**
 * The gateway's request listener: the hot routes (/graphql, /health, /ready, /metrics) answered on
 * node:http directly, by path; everything else handed to `fallback` (the Express app that serves the
 * portal, /auth, /mcp, webhooks, OAuth callbacks and the JSON 404).
 */
export function createRouter(routes: readonly Route[], fallback: RouteHandler): RequestListener {
  const exact = new Map(routes.map((route) => [route.path, route]));
  const nested = routes.filter((route) => route.subpaths).map((route) => ({ prefix: `${route.path}/`, route }));
  const find = (path: string): Route | undefined => exact.get(path) ?? nested.find((entry) => path.startsWith(entry.prefix))?.route;
  return (req, res) => {
    const route = find(pathOf(req.url));
    if (route && (!route.methods || route.methods.includes(req.method ?? ''))) route.handle(req, res);
    else fallback(req, res);
  };
}
