import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { KitLogger } from './logger.js';

/**
 * What body-parser and Express raise before a request reaches GraphQL, as a status, a code and a sentence
 * a client can act on. The raw body and the parser's message (which quotes part of the body) never leave
 * and are never logged: a credential pasted into a broken request would follow them.
 */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 1 MB limit.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_CHARSET', message: 'The request body must be UTF-8 (send "content-type: application/json; charset=utf-8").' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'The request body uses a content-encoding this server does not accept (use identity, gzip or deflate).' },
  'request.aborted': { status: 400, code: 'REQUEST_ABORTED', message: 'The request was aborted before its body arrived.' },
  'request.size.invalid': { status: 400, code: 'INVALID_BODY_LENGTH', message: 'The request body does not match its content-length.' },
  'stream.encoding.set': { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error.' },
};

/** How a refused body is answered (status, code, sentence), by body-parser's error type; undefined for others. */
export function bodyErrorAnswer(type: string): { readonly status: number; readonly code: string; readonly message: string } | undefined {
  return Object.hasOwn(BODY_ERRORS, type) ? BODY_ERRORS[type] : undefined;
}

/** A GraphQL-shaped error body: clients that read `errors[0].extensions.code` read these too. */
export function errorBody(message: string, code: string, extra: Record<string, unknown> = {}): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

function typeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  return typeof error.type === 'string' ? error.type : undefined;
}

function requestIdOf(res: Parameters<RequestHandler>[1]): string {
  const fromLocals: unknown = res.locals.requestId;
  if (typeof fromLocals === 'string') return fromLocals;
  const header = res.getHeader('x-request-id');
  return typeof header === 'string' ? header : randomUUID();
}

/**
 * The last middleware of every HTTP surface (gateway, webhooks, OAuth callback, subgraphs): JSON for every
 * error, never Express's HTML page, never a stack trace or an absolute path, never the request body.
 */
export function jsonErrorHandler(service: string, logger: KitLogger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const requestId = requestIdOf(res);
    const known = BODY_ERRORS[typeOf(error) ?? ''];
    if (known && known.status < 500) {
      // The type only: a body-parser message quotes the body it could not parse.
      logger.warn({ service, requestId, method: req.method, path: req.path, errorType: typeOf(error), status: known.status }, 'refused a request body');
      res.status(known.status).json(errorBody(known.message, known.code, { requestId }));
      return;
    }
    logger.error({ service, requestId, method: req.method, path: req.path, errorType: typeOf(error) ?? (error instanceof Error ? error.name : typeof error) }, 'request failed before GraphQL');
    res.status(500).json(errorBody(`Internal server error. Quote request id ${requestId} when reporting it.`, 'INTERNAL_SERVER_ERROR', { requestId }));
  };
}

/** JSON 404 for every path nobody serves (Express's default is an HTML page). */
export function jsonNotFound(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody(`Nothing is served at this path for ${req.method}.`, 'NOT_FOUND'));
  };
}
