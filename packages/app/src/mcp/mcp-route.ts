import type { GatewayEndpoint } from '@bizosaas/gateway';
import { loadSdkToolCatalogue } from '@bizosaas/subgraph-agents';

type McpHandler = GatewayEndpoint['handle'];

/**
 * `/mcp` on the gateway: the SDK's tool catalogue over MCP, tools run through `gatewayUrl()`. The MCP SDK (with
 * its HTTP framework and JSON Schema validator) loads with the first request to `/mcp`, not at start: most
 * processes never get one, and it is ~7 MB of heap and ~0.25 s of start-up CPU.
 */
export function mcpEndpoint(gatewayUrl: () => string): GatewayEndpoint {
  let handler: Promise<McpHandler> | undefined;
  const load = (): Promise<McpHandler> => {
    handler ??= import('./mcp-endpoint.js').then(
      ({ createMcpHandler }) => createMcpHandler({ catalogue: loadSdkToolCatalogue(), gatewayUrl, version: '0.1.0' }),
      (error: unknown) => {
        handler = undefined;
        throw error;
      },
    );
    return handler;
  };
  return { path: '/mcp', handle: async (req, res, body, principal) => (await load())(req, res, body, principal) };
}
