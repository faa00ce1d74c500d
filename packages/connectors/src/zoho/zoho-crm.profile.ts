import type { ConnectorErrorCode } from '@bizosaas/domain';
import type { ProviderProfile } from '@bizosaas/connector-kit';
import { ZohoFieldNames } from './zoho-crm.mapping.js';
import { zohoErrorSchema, type ZohoError } from './zoho-crm.schemas.js';
import { ZOHO_PROVIDER } from './zoho-crm.settings.js';

/** Lookup fields: an INVALID_DATA on one of them means the referenced record does not exist. */
const LOOKUP_FIELDS = new Set(['Account_Name', 'Contact_Name']);

/** The Zoho error inside an answer: top level (`{ code, ... }`) or the first failed write (`{ data: [...] }`). */
export function zohoErrorOf(body: unknown): ZohoError | undefined {
  const top = zohoErrorSchema.safeParse(body);
  if (top.success) return top.data;
  if (typeof body !== 'object' || body === null || !('data' in body) || !Array.isArray(body.data)) return undefined;
  for (const entry of body.data) {
    const parsed = zohoErrorSchema.safeParse(entry);
    if (parsed.success && parsed.data.status === 'error') return parsed.data;
  }
  return undefined;
}

function fieldLabel(apiName: string): string {
  const canonical = ZohoFieldNames[apiName];
  return canonical === undefined ? apiName : `${apiName} (${canonical})`;
}

/** Codes that say the request addressed something this API does not serve here (not the data, not the connection). */
const REJECTED = new Set(['INVALID_MODULE', 'INVALID_URL_PATTERN', 'INVALID_REQUEST_METHOD', 'FEATURE_NOT_SUPPORTED', 'FEATURE_NOT_ENABLED', 'API_NOT_SUPPORTED']);

/**
 * Zoho's error codes (https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html) as connector
 * error codes. The kit has already handled 429 and 5xx (retries, `rate_limited`,
 * `upstream_unavailable`); this maps what reaches it with a Zoho body. Only token and permission codes
 * are the connection's to fix; every other refusal is about the request, with Zoho's own message.
 * Messages never quote values.
 */
export function mapZohoError(status: number, body: unknown): { code: ConnectorErrorCode; message: string } | undefined {
  const error = zohoErrorOf(body);
  if (error === undefined) return undefined;
  const apiName = error.details?.api_name ?? undefined;
  const said = error.message ? `: ${error.message.slice(0, 300)}` : '';
  switch (error.code) {
    case 'INVALID_TOKEN':
    case 'AUTHENTICATION_FAILURE':
      return { code: 'unauthorized', message: `Zoho rejected the access token (${error.code}): reconnect the Zoho connection if this persists` };
    case 'OAUTH_SCOPE_MISMATCH':
    case 'NO_PERMISSION':
      return { code: 'unauthorized', message: `the Zoho user or token lacks a permission this call needs (${error.code}): reconnect with the CRM scopes or grant the profile access` };
    case 'LIMIT_EXCEEDED':
    case 'TOO_MANY_REQUESTS':
      return { code: 'rate_limited', message: `Zoho's API limit is spent (${error.code}); try again later` };
    case 'INTERNAL_ERROR':
      return { code: 'upstream_unavailable', message: `Zoho failed internally (HTTP ${status})` };
    case 'NOT_FOUND':
    case 'NO_RECORDS_FOUND':
      return { code: 'not_found', message: 'Zoho has no such record' };
    case 'DUPLICATE_DATA':
      return { code: 'conflict', message: `Zoho already has a record with this ${apiName ? fieldLabel(apiName) : 'unique value'} (DUPLICATE_DATA)` };
    case 'MANDATORY_NOT_FOUND':
      return { code: 'invalid_request', message: `Zoho requires ${apiName ? fieldLabel(apiName) : 'a field'} in this org's layout; give it a value` };
    case 'INVALID_DATA':
      if (apiName !== undefined && LOOKUP_FIELDS.has(apiName)) return { code: 'not_found', message: `${fieldLabel(apiName)} references a Zoho record that does not exist` };
      if (apiName === undefined && (error.details?.id ?? undefined) !== undefined) return { code: 'not_found', message: 'the Zoho record does not exist' };
      return { code: 'invalid_request', message: `Zoho rejected the value of ${apiName ? fieldLabel(apiName) : 'a field or parameter'} (INVALID_DATA${said})` };
    default:
      if (REJECTED.has(error.code)) return { code: 'rejected', message: `Zoho refused the request (${error.code}${said})` };
      return { code: status === 409 ? 'conflict' : 'invalid_request', message: `Zoho rejected the request (${error.code}${said})` };
  }
}

/**
 * An error Zoho reports inside an HTTP 200 (a top-level `{ code, status: 'error' }`): the same mapping
 * as an error status. Write answers with failed entries are read by the records client instead.
 */
export function zohoErrorInSuccess(status: number, body: unknown): { code: ConnectorErrorCode; message: string } | undefined {
  const top = zohoErrorSchema.safeParse(body);
  if (!top.success || top.data.status !== 'error') return undefined;
  return mapZohoError(status, body);
}

/**
 * Zoho CRM's HTTP quirks as data. Limits: API credits per day and a concurrency cap per org
 * (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html); the bucket keeps a connection well
 * under the smallest edition's concurrency. Zoho's X-RATELIMIT-RESET is an epoch, not seconds, so it is
 * not declared as a reset header; 429s carry Retry-After.
 */
export const zohoProfile: ProviderProfile = {
  id: ZOHO_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 },
  rateLimit: { capacity: 20, refillPerSecond: 10 },
  mapError: mapZohoError,
  errorInSuccess: zohoErrorInSuccess,
};
