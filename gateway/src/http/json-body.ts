import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The 1 MB limit /graphql has always had (body-parser's `1mb`). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Why a body was refused, named with body-parser's error types so the shared table in
 * `@bizosaas/subgraph-kit/http-errors` words it (and never quotes the body).
 */
export type BodyErrorType =
  | 'entity.parse.failed'
  | 'entity.too.large'
  | 'charset.unsupported'
  | 'encoding.unsupported'
  | 'request.aborted'
  | 'request.size.invalid';

export class BodyError extends Error {
  constructor(readonly type: BodyErrorType) {
    super(type);
    this.name = 'BodyError';
  }
}

/** Whether the request says it has a body (as type-is decides: a transfer-encoding or a content-length). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && !Number.isNaN(Number(req.headers['content-length'])));
}

/** The media type without parameters, lower-cased, and the charset parameter if any. */
function contentType(header: string | undefined): { type: string; charset: string | undefined } {
  if (!header) return { type: '', charset: undefined };
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const index = param.indexOf('=');
    if (index > 0 && param.slice(0, index).trim().toLowerCase() === 'charset') charset = param.slice(index + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

function decompressor(encoding: string): Duplex | undefined {
  if (encoding === 'gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return undefined;
}

/**
 * Reads and parses a JSON request body the way `express.json({ limit: '1mb' })` did: no body, or a body
 * that is not `application/json`, gives `undefined` (GraphQL-over-HTTP then answers the content-type
 * problem itself); UTF-8 only; gzip, deflate and br are inflated within the same limit; strict JSON (an
 * object or an array; an empty body is `{}`). Refusals throw a BodyError once the rest of the request has
 * been read off, so the client sees the answer instead of a reset connection.
 */
export async function readJsonBody(req: IncomingMessage, limit = JSON_BODY_LIMIT): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const { type, charset } = contentType(req.headers['content-type']);
  if (type !== 'application/json') return undefined;
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return refuse(req, 'charset.unsupported');
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const inflate = encoding === 'identity' ? undefined : decompressor(encoding);
  if (encoding !== 'identity' && !inflate) return refuse(req, 'encoding.unsupported');
  const declared = inflate ? undefined : req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && declared > limit) return refuse(req, 'entity.too.large');
  const text = await collect(req, inflate, limit, declared);
  return parseStrictJson(text);
}

/** Strict JSON as body-parser reads it: `{}` for an empty body, else an object or array, never a bare value. */
export function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.?)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError('entity.parse.failed');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the body: only the type leaves.
    throw new BodyError('entity.parse.failed');
  }
}

/** Reads off what is left of the request, then rejects with the refusal. */
function refuse(req: IncomingMessage, type: BodyErrorType): Promise<never> {
  return new Promise((_resolve, reject) => {
    const done = () => reject(new BodyError(type));
    if (req.readableEnded || req.destroyed) return done();
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

function collect(req: IncomingMessage, inflate: Duplex | undefined, limit: number, declared: number | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const source: Readable = inflate ?? req;
    const fail = (type: BodyErrorType) => {
      if (settled) return;
      settled = true;
      source.removeAllListeners('data');
      if (inflate) {
        req.unpipe(inflate);
        inflate.destroy();
      }
      refuse(req, type).catch(reject);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail('entity.too.large');
      else chunks.push(chunk);
    });
    source.once('end', () => {
      if (settled) return;
      if (declared !== undefined && size !== declared) return fail('request.size.invalid');
      settled = true;
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    // A corrupt compressed body is as unreadable as malformed JSON.
    if (inflate) inflate.once('error', () => fail('entity.parse.failed'));
    req.once('error', () => fail('request.aborted'));
    req.once('close', () => {
      if (!settled && !req.readableEnded) {
        settled = true;
        reject(new BodyError('request.aborted'));
      }
    });
    if (inflate) req.pipe(inflate);
  });
}
