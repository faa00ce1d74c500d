import type { ToolDefinition } from '@bizosaas/domain';
import { z } from 'zod';

/** Tokens as the sandbox counts them: whitespace-separated words. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

// Words too common to say which tool a request is about.
const STOPWORDS = new Set([
  'the', 'and', 'for', 'are', 'its', 'you', 'can', 'not', 'all', 'any', 'but', 'has', 'how', 'our', 'out', 'was', 'who', 'why', 'may', 'use',
  'about', 'after', 'also', 'from', 'have', 'into', 'just', 'like', 'make', 'more', 'please', 'some', 'than', 'that', 'them', 'then', 'there',
  'this', 'tool', 'what', 'when', 'where', 'which', 'with', 'would', 'your',
]);

/** Lower-cased words of three letters or more (`CRM`, `SMS` count), minus stopwords, a plural `s` dropped. */
function keywords(text: string): Set<string> {
  const found = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !STOPWORDS.has(w));
  return new Set(found.map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)));
}

/** `lookup_order-status` and `lookupOrderStatus` both also read as "lookup order status". */
function nameForms(name: string): string[] {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return [...new Set([name.toLowerCase(), spaced])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The tool `message` asks for, or undefined: a tool whose name it mentions (case-insensitively, as a
 * whole word) wins; otherwise the tool sharing the most description keywords, at least two (one when the
 * description has only one). Ties go to the earlier tool, so the answer never depends on chance.
 */
export function matchTool(message: string, tools: readonly ToolDefinition[]): ToolDefinition | undefined {
  const text = message.toLowerCase();
  const said = keywords(message);
  let best: ToolDefinition | undefined;
  let bestScore = 0;
  for (const tool of tools) {
    const named = nameForms(tool.name).some((form) => new RegExp(`(^|[^a-z0-9_])${escapeRegExp(form)}($|[^a-z0-9_])`).test(text));
    const described = keywords(tool.description);
    const shared = [...described].filter((word) => said.has(word)).length;
    const score = named ? Number.MAX_SAFE_INTEGER : shared >= Math.min(2, described.size) && shared > 0 ? shared : 0;
    if (score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return best;
}

const jsonSchema = z.object({
  properties: z.record(z.string(), z.object({ type: z.union([z.string(), z.array(z.string())]).optional() })).optional(),
  required: z.array(z.string()).optional(),
});

const QUOTED = /"([^"]+)"|“([^”]+)”|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])/gu;
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/;
const PHONE = /\+[1-9]\d{7,14}/;

/**
 * Arguments for `tool` taken from `message`: each required string property gets, in order, the next
 * quoted string ("…", “…” or '…'); a property named like an email or phone gets the first email address
 * or E.164 number instead. Properties nothing fits are left out, as a model would when the user did not
 * say. A schema that is not a JSON Schema object gives `{}`.
 */
export function extractArguments(message: string, tool: ToolDefinition): Record<string, unknown> {
  const schema = jsonSchema.safeParse(tool.parameters);
  if (!schema.success) return {};
  const quoted = [...message.matchAll(QUOTED)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  const args: Record<string, unknown> = {};
  for (const name of schema.data.required ?? []) {
    const type = schema.data.properties?.[name]?.type;
    const isString = type === 'string' || (Array.isArray(type) && type.includes('string'));
    if (!isString) continue;
    const special = /email/i.test(name) ? EMAIL.exec(message)?.[0] : /phone|^to$/i.test(name) ? PHONE.exec(message)?.[0] : undefined;
    // A quoted email used for its own property is not also the next quoted value.
    if (special !== undefined && quoted.includes(special)) quoted.splice(quoted.indexOf(special), 1);
    const value = special ?? quoted.shift();
    if (value !== undefined) args[name] = value;
  }
  return args;
}
