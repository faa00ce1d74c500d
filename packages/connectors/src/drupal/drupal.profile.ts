import type { ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { drupalErrorSchema } from './drupal.schemas.js';

/** JSON:API's media type: Drupal answers 415 to writes sent as plain application/json. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/**
 * Drupal's HTTP quirks as data. Core sets no rate limit (the site's proxy may), so the bucket is a polite
 * 20 requests refilling 10 a second. Errors are JSON:API `errors[]` with status, title, detail and a
 * source pointer; a 422 names the attribute it refused, which is what a tenant needs to fix it.
 */
export const drupalProfile: ProviderProfile = {
  id: 'drupal',
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 400, maxDelayMs: 8_000 },
  rateLimit: { capacity: 20, refillPerSecond: 10 },
  mapError(status, body) {
    const parsed = drupalErrorSchema.safeParse(body);
    const first = parsed.success ? parsed.data.errors[0] : undefined;
    const said = (first?.detail ?? first?.title ?? `HTTP ${status}`).slice(0, 300);
    const pointer = first?.source?.pointer;
    const code: ConnectorErrorCode | undefined =
      status === 401 || status === 403 ? 'unauthorized'
      : status === 404 ? 'not_found'
      : status === 400 || status === 422 ? 'invalid_request'
      : status === 409 ? 'conflict'
      : status === 415 ? 'rejected'
      : undefined;
    if (code === undefined) return undefined;
    const hint =
      status === 403 ? ' (the Drupal user lacks a permission for this content type, or JSON:API is read-only: allow create, read, update and delete operations at /admin/config/services/jsonapi)'
      : status === 401 ? ' (check the username and password or token)'
      : '';
    return { code, message: `Drupal ${status}: ${said}${pointer ? ` [at ${pointer}]` : ''}${hint}` };
  },
};
