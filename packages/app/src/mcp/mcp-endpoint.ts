import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@bizosaas/gateway';
import type { ToolCatalogue } from '@bizosaas/subgraph-agents';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { callTool, toMcpTool, toolsFor, type McpCaller } from './mcp-tools.js';

export interface McpEndpointOptions {
  readonly catalogue: ToolCatalogue;
  /** The gateway's GraphQL URL, where tools run. */
  gatewayUrl(): string;
  readonly version: string;
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }));
}

/** One MCP server for one request (stateless): the caller's tools, run as the caller. */
function serverFor(options: McpEndpointOptions, caller: McpCaller): Server {
  const server = new Server({ name: 'bizosaas', version: options.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolsFor(options.catalogue, caller).map(toMcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(options.catalogue, caller, options.gatewayUrl(), request.params.name, request.params.arguments ?? {}));
  return server;
}

/**
 * `POST /mcp`: the Model Context Protocol over Streamable HTTP, stateless (no session: every request
 * stands alone, so any gateway replica answers it). The tenant's API key is the bearer token; the same
 * tool catalogue as agents use, mutations listed only for keys whose role may write.
 */
export function createMcpHandler(options: McpEndpointOptions): (req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal) => Promise<void> {
  return async (req, res, body, principal) => {
    if (req.method !== 'POST') return refuse(res, 405, 'This MCP endpoint is stateless: POST JSON-RPC requests only.', { allow: 'POST' });
    // The gateway checked the key; the MCP server sends it on, so each tool runs as the caller.
    const key = bearer(req);
    if (key === undefined) return refuse(res, 401, 'Send a BizOSaaS API key as "Authorization: Bearer <key>".', { 'www-authenticate': 'Bearer' });
    const server = serverFor(options, { key, roles: principal.roles, ...(principal.operations ? { operations: principal.operations } : {}) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
