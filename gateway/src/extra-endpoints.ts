import express, { type Express } from 'express';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateHttp, refuseThrottledAddresses } from './abuse/abuse-http.js';
import type { AuthGuard } from './abuse/auth-guard.js';
import { clientAddress } from './abuse/client-address.js';
import type { Principal } from './auth.js';

/** An endpoint beside /graphql (the MCP endpoint): authenticated like /graphql, given the parsed JSON body. */
export interface GatewayEndpoint {
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal): Promise<void>;
}

/** A refusal in JSON-RPC's error shape (what MCP clients read), with the guard's status and headers. */
function refuse(res: express.Response, error: GraphQLError): void {
  const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  res.status(http?.status ?? 401).json({ jsonrpc: '2.0', error: { code: -32001, message: error.message }, id: null });
}

/**
 * Mounts each endpoint with the same protection as /graphql: throttled addresses refused, the bearer key
 * checked by the abuse guard (failures counted, per-key rate spent), a 1 MB JSON body limit.
 */
export function mountEndpoints(app: Express, endpoints: readonly GatewayEndpoint[], guard: AuthGuard, onError: (error: unknown) => void): void {
  for (const endpoint of endpoints) {
    app.all(endpoint.path, refuseThrottledAddresses(guard, clientAddress), express.json({ limit: '1mb' }), async (req, res) => {
      let principal: Principal;
      try {
        principal = await authenticateHttp(guard, req.headers, clientAddress(req.socket.remoteAddress));
      } catch (error) {
        if (error instanceof GraphQLError) return refuse(res, error);
        throw error;
      }
      try {
        await endpoint.handle(req, res, req.body, principal);
      } catch (error) {
        onError(error);
        if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
      }
    });
  }
}
