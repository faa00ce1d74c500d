/**
 * Parses and evaluates Zoho search criteria: `(Field:operator:value)` leaves, groups `((a)and(b))` /
 * `((a)or(b))`, backslash-escaped `(`, `)`, `,` and `\` in values, at most 10 leaves. Operators:
 * equals, not_equal, starts_with, in, not_in. Text compares case-insensitively (Zoho search does);
 * lookup fields compare the record id (or the name); Pipeline compares id or name.
 */
export type Criteria =
  | { readonly kind: 'leaf'; readonly field: string; readonly operator: string; readonly values: readonly string[] }
  | { readonly kind: 'group'; readonly joiner: 'and' | 'or'; readonly parts: readonly Criteria[] };

const OPERATORS = new Set(['equals', 'not_equal', 'starts_with', 'in', 'not_in']);

export class CriteriaError extends Error {}

export function parseCriteria(text: string): Criteria {
  let pos = 0;
  const expect = (c: string) => {
    if (text[pos] !== c) throw new CriteriaError(`expected "${c}" at ${pos}`);
    pos += 1;
  };
  function readValue(): string[] {
    const values: string[] = [];
    let current = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) throw new CriteriaError('unterminated criterion');
      if (c === '\\') {
        current += text[pos + 1] ?? '';
        pos += 2;
      } else if (c === ',') {
        values.push(current);
        current = '';
        pos += 1;
      } else if (c === ')') {
        values.push(current);
        return values;
      } else {
        current += c;
        pos += 1;
      }
    }
  }
  function parseExpr(): Criteria {
    expect('(');
    if (text[pos] === '(') {
      const parts = [parseExpr()];
      let joiner: 'and' | 'or' | undefined;
      while (text[pos] !== ')') {
        const word = /^(and|or)/i.exec(text.slice(pos))?.[1]?.toLowerCase();
        if (word !== 'and' && word !== 'or') throw new CriteriaError(`expected and/or at ${pos}`);
        if (joiner !== undefined && joiner !== word) throw new CriteriaError('mixed and/or in one group');
        joiner = word;
        pos += word.length;
        parts.push(parseExpr());
      }
      expect(')');
      return parts.length === 1 && parts[0] ? parts[0] : { kind: 'group', joiner: joiner ?? 'and', parts };
    }
    const header = /^([A-Za-z0-9_.$]+):([a-z_]+):/.exec(text.slice(pos));
    if (!header || !header[1] || !header[2]) throw new CriteriaError(`expected Field:operator:value at ${pos}`);
    if (!OPERATORS.has(header[2])) throw new CriteriaError(`unsupported operator ${header[2]}`);
    pos += header[0].length;
    const values = readValue();
    expect(')');
    return { kind: 'leaf', field: header[1], operator: header[2], values: header[2] === 'in' || header[2] === 'not_in' ? values : [values.join(',')] };
  }
  const criteria = parseExpr();
  if (pos !== text.length) throw new CriteriaError(`unexpected text at ${pos}`);
  if (countLeaves(criteria) > 10) throw new CriteriaError('more than 10 criteria');
  return criteria;
}

function countLeaves(criteria: Criteria): number {
  return criteria.kind === 'leaf' ? 1 : criteria.parts.reduce((n, part) => n + countLeaves(part), 0);
}

function comparable(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') {
    const ref = value as { id?: unknown; name?: unknown };
    return [ref.id, ref.name].filter((v) => v !== undefined && v !== null).map((v) => String(v).toLowerCase());
  }
  return [String(value).toLowerCase()];
}

export function matches(criteria: Criteria, record: Record<string, unknown>): boolean {
  if (criteria.kind === 'group') {
    return criteria.joiner === 'and' ? criteria.parts.every((p) => matches(p, record)) : criteria.parts.some((p) => matches(p, record));
  }
  const field = criteria.field.replace(/\.id$/, '');
  const actual = comparable(record[field]);
  const wanted = criteria.values.map((v) => v.toLowerCase());
  switch (criteria.operator) {
    case 'equals':
    case 'in':
      return actual.some((a) => wanted.includes(a));
    case 'not_equal':
    case 'not_in':
      return !actual.some((a) => wanted.includes(a));
    case 'starts_with':
      return actual.some((a) => wanted.some((w) => a.startsWith(w)));
    default:
      return false;
  }
}
