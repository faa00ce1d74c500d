import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request parsing and JSON:API answers of the Drupal emulator: filters, documents, bodies. */

/** What filters read of a node. */
export interface EmulatedNode {
  uuid: string;
  nid: number;
  title: string;
  status: boolean;
}

/** Answered as a JSON:API error object with `status`, `title`, `detail` and an optional source pointer. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string, readonly pointer?: string) {
    super(detail);
  }
}

export type Condition = { path: string; operator: string; values: string[] };

/** `filter[status]=1`, `filter[x][value]=v`, `filter[k][condition][path|operator|value(][])]=...`. */
export function parseFilters(params: URLSearchParams): Condition[] {
  const groups = new Map<string, Condition>();
  for (const [key, value] of params) {
    const m = /^filter\[([^\]]+)\](.*)$/.exec(key);
    if (!m) continue;
    const [, name = '', rest] = m;
    const condition = groups.get(name) ?? { path: name, operator: '=', values: [] };
    if (rest === '' || rest === '[value]') condition.values.push(value);
    else if (rest === '[condition][path]') condition.path = value;
    else if (rest === '[condition][operator]') condition.operator = value;
    else if (/^\[condition\]\[value\](\[\d*\])?$/.test(rest ?? '')) condition.values.push(value);
    else throw new HttpError(400, 'Bad Request', `Invalid filter key ${key}.`);
    groups.set(name, condition);
  }
  return [...groups.values()];
}

export function matches(node: EmulatedNode, condition: Condition): boolean {
  const field =
    condition.path === 'id' ? node.uuid
    : condition.path === 'drupal_internal__nid' ? String(node.nid)
    : condition.path === 'status' ? (node.status ? '1' : '0')
    : condition.path === 'title' ? node.title
    : undefined;
  if (field === undefined) throw new HttpError(400, 'Bad Request', `Invalid nested filtering. The field \`${condition.path}\`, given in the path \`${condition.path}\`, does not exist.`);
  const values = condition.path === 'status' ? condition.values.map((v) => (v === 'true' ? '1' : v === 'false' ? '0' : v)) : condition.values;
  if (condition.operator === 'IN') return values.includes(field);
  if (condition.operator === '=') return values[0] === field;
  throw new HttpError(400, 'Bad Request', `The operator "${condition.operator}" is not supported by this emulator.`);
}

export function parseDocument(text: string): { type: unknown; id: unknown; attributes: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Bad Request', 'Syntax error: the request body is not JSON.');
  }
  const data = typeof json === 'object' && json !== null && 'data' in json ? (json as { data: unknown }).data : undefined;
  if (typeof data !== 'object' || data === null) throw new HttpError(400, 'Bad Request', 'Missing `data`.', '/data');
  const { type, id, attributes } = data as { type?: unknown; id?: unknown; attributes?: unknown };
  return { type, id, attributes: typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {} };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/vnd.api+json' });
  res.end(JSON.stringify(body));
}
