import type { ToolDefinition } from '@bizosaas/domain';
import type { AgentTool } from './tool-catalogue.js';

/** OpenAI caps a request at 128 tools and advises fewer than 20: a turn sends at most this many. */
export const MAX_TOOLS_PER_TURN = 20;
export const SEARCH_TOOLS = 'search_tools';

/** The `search_tools` tool: finds more of the agent's tools by words of their name or description. */
export const searchToolsDefinition: ToolDefinition = {
  name: SEARCH_TOOLS,
  description: 'Find more of your tools by what they do (only some are listed at a time). Found tools can be called from the next turn on.',
  parameters: { type: 'object', properties: { query: { type: 'string', description: 'Words describing what you need, e.g. "create invoice"' } }, required: ['query'], additionalProperties: false },
};

export function toToolDefinition(tool: AgentTool): ToolDefinition {
  return { name: tool.name, description: tool.description, parameters: tool.parameters };
}

function terms(text: string): string[] {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3);
}

/** How well a tool matches some words: name hits count double. */
function score(tool: AgentTool, words: readonly string[]): number {
  const name = new Set(terms(tool.name));
  const description = new Set(terms(tool.description));
  return words.reduce((sum, w) => sum + (name.has(w) ? 2 : 0) + (description.has(w) ? 1 : 0), 0);
}

/** The agent's tools that match `query`, best first (ties: the agent's own order), at most `limit`. */
export function searchTools(tools: readonly AgentTool[], query: string, limit = 10): AgentTool[] {
  const words = terms(query);
  return tools
    .map((tool, index) => ({ tool, index, score: score(tool, words) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.tool);
}

/**
 * The tools one turn offers: all of the agent's tools when they fit; otherwise the ones found by
 * `search_tools` so far (most recent first), then the best matches for the task, then the agent's order,
 * with `search_tools` always among them. Never more than MAX_TOOLS_PER_TURN.
 */
export function toolsForTurn(tools: readonly AgentTool[], task: string, found: readonly string[]): ToolDefinition[] {
  if (tools.length <= MAX_TOOLS_PER_TURN) return tools.map(toToolDefinition);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const picked = new Map<string, AgentTool>();
  const add = (tool: AgentTool | undefined) => {
    if (tool && picked.size < MAX_TOOLS_PER_TURN - 1) picked.set(tool.name, tool);
  };
  [...found].reverse().forEach((name) => add(byName.get(name)));
  searchTools(tools, task, MAX_TOOLS_PER_TURN).forEach(add);
  tools.forEach(add);
  return [...[...picked.values()].map(toToolDefinition), searchToolsDefinition];
}
