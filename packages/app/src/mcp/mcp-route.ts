import type { GatewayEndpoint } from '@bizosaas/gateway';
import { loadSdkToolCatalogue } from '@bizosaas/subgraph-agents';
import { createMcpHandler } from './mcp-endpoint.js';

/** `/mcp` on the gateway: the SDK's tool catalogue over MCP, tools run through `gatewayUrl()`. */
export function mcpEndpoint(gatewayUrl: () => string): GatewayEndpoint {
  const handle = createMcpHandler({ catalogue: loadSdkToolCatalogue(), gatewayUrl, version: '0.1.0' });
  return { path: '/mcp', handle };
}
