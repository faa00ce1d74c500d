import { ValidationError } from '@bizosaas/domain';
import { validateToolArguments, type AgentTool, type ToolCatalogue } from '@bizosaas/subgraph-agents';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

/** Roles that may change data (the subgraphs' WRITE_ROLES); other keys see read-only tools. */
const WRITE_ROLES = new Set(['admin', 'editor']);

/** Who calls: the tenant's API key (sent on to the gateway as is) and its roles. */
export interface McpCaller {
  readonly key: string;
  readonly roles: readonly string[];
  /** A run credential's operations: only these. */
  readonly operations?: readonly string[];
}

/** The catalogue's tools this caller may use: queries for every key, mutations only for writing roles. */
export function toolsFor(catalogue: ToolCatalogue, caller: McpCaller): AgentTool[] {
  const writes = caller.roles.some((role) => WRITE_ROLES.has(role));
  return [...catalogue.tools.values()].filter((tool) => (tool.kind === 'query' || writes) && (caller.operations?.includes(tool.name) ?? true));
}

/** A catalogue tool as MCP lists it: read-only and destructive hints from query vs mutation. */
export function toMcpTool(tool: AgentTool): Tool {
  const query = tool.kind === 'query';
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: { type: 'object', ...tool.parameters },
    annotations: { title: tool.name, readOnlyHint: query, destructiveHint: !query, idempotentHint: query, openWorldHint: true },
  };
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/**
 * Runs one tool for the caller: unknown or not allowed -> an error result; arguments checked against the
 * operation's variable types (the fields named); then the operation is sent to the gateway with the
 * caller's own key, so the gateway's roles, limits and tenant scoping apply unchanged.
 */
export async function callTool(catalogue: ToolCatalogue, caller: McpCaller, gatewayUrl: string, name: string, args: Readonly<Record<string, unknown>>): Promise<CallToolResult> {
  const tool = toolsFor(catalogue, caller).find((candidate) => candidate.name === name);
  if (!tool) return errorResult(`Unknown tool ${name}, or this API key's roles may not run it (mutations need the admin or editor role).`);
  let variables: Record<string, unknown>;
  try {
    variables = validateToolArguments(catalogue, tool, args);
  } catch (error) {
    if (error instanceof ValidationError) return errorResult(`Invalid arguments: ${error.violations.map((v) => `${v.field} ${v.reason}`).join('; ')}`);
    throw error;
  }
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: tool.document, operationName: tool.name, variables }),
  });
  const text = await response.text();
  let body: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return errorResult(`The gateway answered HTTP ${response.status}.`);
  }
  if (body.errors && body.errors.length > 0) return errorResult(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message ?? ''}`).join('\n'));
  return { content: [{ type: 'text', text: JSON.stringify(body.data ?? null) }], structuredContent: { data: body.data ?? null } };
}
