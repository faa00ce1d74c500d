import { bodyErrorAnswer, errorBody } from '@bizosaas/subgraph-kit/http-errors';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isServiceUnavailable, SERVICE_UNAVAILABLE } from '../service-unavailable.js';
import { BodyError } from './json-body.js';

/** Answers JSON (Express's `res.json` content type), with extra headers when given. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Iterable<readonly [string, string]> = []): void {
  const text = JSON.stringify(body);
  for (const [name, value] of headers) res.setHeader(name, value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The path of a request URL, without its query. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const index = url.indexOf('?');
  return index < 0 ? url : url.slice(0, index);
}

/**
 * What a route answers when it throws before GraphQL answered: a refused body as its 4xx (the type is
 * logged, never the body), an outage of our own infrastructure as 503 with Retry-After, anything else as a
 * 500 quoting the request id. JSON always, never a stack or a path (the Express error handler's contract).
 */
export function answerFailure(req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string, logger: KitLogger): void {
  const context = { service: 'gateway', requestId, method: req.method, path: pathOf(req.url) };
  if (res.headersSent) {
    logger.error({ ...context, errorType: error instanceof Error ? error.name : typeof error }, 'request failed while answering');
    res.destroy();
    return;
  }
  const known = error instanceof BodyError ? bodyErrorAnswer(error.type) : undefined;
  if (error instanceof BodyError && known) {
    logger.warn({ ...context, errorType: error.type, status: known.status }, 'refused a request body');
    sendJson(res, known.status, errorBody(known.message, known.code, { requestId }));
    return;
  }
  if (isServiceUnavailable(error)) {
    logger.warn({ ...context, errorType: 'ServiceUnavailableError' }, 'request refused during an outage');
    sendJson(res, 503, errorBody('The service is temporarily unavailable; retry in 5 s.', SERVICE_UNAVAILABLE, { requestId, retryAfterSeconds: 5 }), [['retry-after', '5']]);
    return;
  }
  logger.error({ ...context, errorType: error instanceof Error ? error.name : typeof error }, 'request failed before GraphQL');
  sendJson(res, 500, errorBody(`Internal server error. Quote request id ${requestId} when reporting it.`, 'INTERNAL_SERVER_ERROR', { requestId }));
}
