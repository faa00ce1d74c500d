import type { IncomingMessage } from 'node:http';
import type { Json } from './stripe-emulator.store.js';

/** A Stripe API error: status plus Stripe's `{ error: { type, code, message, param } }` body. */
export class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  body(): Json {
    return { error: { type: this.type, message: this.message, ...(this.code && { code: this.code }), ...(this.param && { param: this.param }) } };
  }
}

/** Parameters as the stripe package form-encodes them: `expand[0]=a`, `ids[1]=b`, `limit=3`. */
export interface StripeParams {
  one(name: string): string | undefined;
  list(name: string): string[];
  /** Every top-level name sent (for rejecting unknown parameters as Stripe does). */
  names(): string[];
}

export function paramsOf(...sources: URLSearchParams[]): StripeParams {
  const entries = sources.flatMap((source) => [...source.entries()]);
  return {
    one: (name) => entries.find(([key]) => key === name)?.[1],
    list: (name) => entries.filter(([key]) => key === name || key.startsWith(`${name}[`)).map(([, value]) => value),
    names: () => [...new Set(entries.map(([key]) => key.replace(/\[.*$/, '')))],
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `limit` as Stripe checks it: 1..100, default 10 (Prism does not check the maximum). */
export function limitOf(params: StripeParams): number {
  const raw = params.one('limit');
  if (raw === undefined) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new StripeHttpError(400, 'invalid_request_error', 'This value must be between 1 and 100.', 'parameter_invalid_integer', 'limit');
  return limit;
}

/**
 * A search query of `field:'value'` clauses joined by OR (the subset the connector sends), as
 * (field, value) pairs. https://docs.stripe.com/search#search-query-language
 */
export function parseSearchQuery(query: string): { field: string; value: string }[] {
  const clauses: { field: string; value: string }[] = [];
  const clause = /\s*([a-z_]+):'((?:[^'\\]|\\.)*)'\s*(OR\s+|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = clause.exec(query)) !== null) {
    clauses.push({ field: match[1] ?? '', value: (match[2] ?? '').replace(/\\(.)/g, '$1') });
    if (match[3] === '') return clauses;
  }
  throw new StripeHttpError(400, 'invalid_request_error', `Invalid search query: ${query}`, 'parameter_invalid_string', 'query');
}
