import type { BizOSaaSErrorDetail } from './bizosaas.error.js';

/** A GraphQL response body, checked for shape only (the operation's types describe `data`). */
export interface GraphQLEnvelope {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly BizOSaaSErrorDetail[];
}

/**
 * Reads a response body as a GraphQL envelope; undefined when it is not JSON or not an object. Error
 * entries keep only message, code, path and request id (never a stack trace or anything else a server
 * put there).
 */
export function parseEnvelope(text: string, fallbackRequestId: string | undefined): GraphQLEnvelope | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const data = isRecord(body.data) ? body.data : body.data === null ? null : undefined;
  const errors = Array.isArray(body.errors) ? body.errors.map((error: unknown) => toDetail(error, fallbackRequestId)) : [];
  return { data, errors };
}

function toDetail(error: unknown, fallbackRequestId: string | undefined): BizOSaaSErrorDetail {
  const entry = isRecord(error) ? error : {};
  const extensions = isRecord(entry.extensions) ? entry.extensions : {};
  const path = Array.isArray(entry.path) ? entry.path.filter((p: unknown): p is string | number => typeof p === 'string' || typeof p === 'number') : undefined;
  return {
    message: typeof entry.message === 'string' ? entry.message : 'Unknown error',
    code: typeof extensions.code === 'string' ? extensions.code : undefined,
    path,
    requestId: typeof extensions.requestId === 'string' ? extensions.requestId : fallbackRequestId,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
