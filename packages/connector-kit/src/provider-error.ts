import type { ConnectorErrorCode } from '@bizosaas/domain';
import type { ProviderProfile } from './provider-profile.js';

/** Why an answer failed, in the connector error model: the code, a message for people, and details. */
export interface ProviderFailure {
  readonly code: ConnectorErrorCode;
  readonly message: string;
  readonly details: { readonly status?: number; readonly retryAfterSeconds?: number };
}

/** What the classifier needs to know about the attempt besides the answer. */
export interface FailureContext {
  readonly attempt: number;
  readonly idempotent: boolean;
  /** How long the provider asked us to wait (429/503), when it said. */
  readonly retryAfterMs?: number;
  /** Vendor docs URL of the endpoint, appended to messages about the request. */
  readonly docs?: string;
}

/**
 * The one table from a non-2xx answer to a connector error code. Who was at fault decides the code:
 * the provider (5xx, `upstream_unavailable`), its budget (429, `rate_limited`), the connection's
 * credentials (401/403, `unauthorized`), or the request (400/422 `invalid_request`, 409 `conflict`,
 * 404 `not_found`, any other 4xx `rejected`). Only the first two are worth retrying, and only a
 * credential failure tells anyone to reconnect. The profile's `mapError` refines 4xx answers.
 */
export function classifyFailure(status: number, body: unknown, profile: ProviderProfile, context: FailureContext): ProviderFailure {
  const said = vendorMessage(body);
  const see = context.docs ? ` (see ${context.docs})` : '';
  const details = { status };
  if (status === 429) {
    const retryAfterSeconds = context.retryAfterMs === undefined ? undefined : Math.ceil(context.retryAfterMs / 1000);
    const when = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`;
    return { code: 'rate_limited', message: `rate limit reached after ${context.attempt} attempt(s)${when}`, details: { status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) } };
  }
  if (status >= 500) {
    const why = context.idempotent || status === 501 ? `after ${context.attempt} attempt(s)` : '(not retried: the write is not idempotent)';
    return { code: 'upstream_unavailable', message: `answered HTTP ${status} ${why}${said}`, details };
  }
  const mapped = profile.mapError?.(status, body);
  if (mapped) return { code: mapped.code, message: `${mapped.message}${see}`, details };
  if (status === 401) return { code: 'unauthorized', message: `credentials were rejected (HTTP 401)${said}: check or reconnect the connection`, details };
  if (status === 403) return { code: 'unauthorized', message: `access denied (HTTP 403)${said}: the connection lacks a required scope or permission`, details };
  if (status === 404) return { code: 'not_found', message: `not found (HTTP 404)${said}`, details };
  if (status === 409) return { code: 'conflict', message: `refused the write as a conflict (HTTP 409)${said}`, details };
  if (status === 400 || status === 422) return { code: 'invalid_request', message: `refused the request (HTTP ${status})${said}${see}`, details };
  if (status >= 400) return { code: 'rejected', message: `refused the request (HTTP ${status})${said}${see}`, details };
  return { code: 'invalid_response', message: `answered HTTP ${status}, which the connector does not expect`, details };
}

/** The vendor's own message, when its error body has one in a common place, shortened; else ''. */
export function vendorMessage(body: unknown): string {
  const text = firstText(body, [['message'], ['error', 'message'], ['error_description'], ['detail'], ['errors', 0, 'message'], ['errors', 0, 'detail'], ['error']]);
  return text === undefined ? '' : `: ${text.slice(0, 300)}`;
}

function firstText(body: unknown, paths: readonly (readonly (string | number)[])[]): string | undefined {
  for (const path of paths) {
    let value: unknown = body;
    for (const key of path) {
      if (typeof key === 'number') value = Array.isArray(value) ? value[key] : undefined;
      else value = typeof value === 'object' && value !== null && !Array.isArray(value) && key in value ? readKey(value, key) : undefined;
    }
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  }
  return undefined;
}

function readKey(value: object, key: string): unknown {
  return Object.entries(value).find(([name]) => name === key)?.[1];
}
