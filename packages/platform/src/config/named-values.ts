import { z } from 'zod';

/** A subgraph name as `supergraph.yaml` spells them: lower-case letters, digits and `-`. */
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Parses `name=value,name=value` or a JSON object `{"name": "value"}` into a map keyed by NAME (never by
 * position), so SUBGRAPH_URLS and SUBGRAPH_PORTS survive a reordering of the subgraph list. Each value goes
 * through `value`; the first problem is returned as the reason, naming the entry.
 */
export function namedValues<T>(value: z.ZodType<T, string>, what: string) {
  return z.string().transform((text, ctx): Readonly<Record<string, T>> => {
    const pairs = text.trim().startsWith('{') ? jsonPairs(text) : listPairs(text);
    if (typeof pairs === 'string') {
      ctx.addIssue({ code: 'custom', message: pairs });
      return z.NEVER;
    }
    const out: Record<string, T> = {};
    for (const [name, raw] of pairs) {
      if (!NAME.test(name)) {
        ctx.addIssue({ code: 'custom', message: `has a bad subgraph name ${JSON.stringify(name)} (lower-case letters, digits, -)` });
        return z.NEVER;
      }
      if (name in out) {
        ctx.addIssue({ code: 'custom', message: `names subgraph "${name}" twice` });
        return z.NEVER;
      }
      const parsed = value.safeParse(raw);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `${name}: must be ${what}` });
        return z.NEVER;
      }
      out[name] = parsed.data;
    }
    return Object.freeze(out);
  });
}

/** A comma-separated list of subgraph names (SUBGRAPHS=crm,content). */
export const subgraphNames = z.string().transform((text, ctx): readonly string[] => {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = names.find((name) => !NAME.test(name));
  if (bad !== undefined || names.length === 0) {
    ctx.addIssue({ code: 'custom', message: `must be subgraph names separated by commas (lower-case letters, digits, -)` });
    return z.NEVER;
  }
  return Object.freeze([...new Set(names)]);
});

const LIST_ENTRY = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/;

function listPairs(text: string): Array<[string, string]> | string {
  const pairs: Array<[string, string]> = [];
  for (const entry of text.split(',').filter((s) => s.trim() !== '')) {
    const match = LIST_ENTRY.exec(entry);
    if (!match?.[1] || !match[2]) return 'must be name=value pairs separated by commas, or a JSON object';
    pairs.push([match[1], match[2]]);
  }
  return pairs.length > 0 ? pairs : 'must name at least one subgraph';
}

function jsonPairs(text: string): Array<[string, string]> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'is not valid JSON (expected {"name": "value"} or name=value,name=value)';
  }
  const record = z.record(z.string(), z.union([z.string(), z.number()])).safeParse(parsed);
  if (!record.success) return 'must be a JSON object of strings or numbers';
  return Object.entries(record.data).map(([name, raw]) => [name, String(raw)]);
}
