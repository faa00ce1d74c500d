import { parseStandardTokenResponse, type OAuth2Provider, type ProviderProfile } from '@bizosaas/connector-kit';
import type { ConnectorErrorCode } from '@bizosaas/domain';
import { hubSpotErrorSchema } from './hubspot.schemas.js';

export const HUBSPOT_API_BASE = 'https://api.hubapi.com';

/**
 * HubSpot's error categories (https://developers.hubspot.com/docs/api/error-handling) as connector codes:
 * a VALIDATION_ERROR or CONFLICT is about the request or the data, never a reason to reconnect; only
 * credential and scope failures are the connection's.
 */
const HUBSPOT_CATEGORIES: Readonly<Record<string, ConnectorErrorCode>> = {
  OBJECT_NOT_FOUND: 'not_found',
  VALIDATION_ERROR: 'invalid_request',
  INVALID_EMAIL: 'invalid_request',
  PROPERTY_DOESNT_EXIST: 'invalid_request',
  CONFLICT: 'conflict',
  OBJECT_ALREADY_EXISTS: 'conflict',
  MISSING_SCOPES: 'unauthorized',
  INVALID_AUTHENTICATION: 'unauthorized',
  EXPIRED_AUTHENTICATION: 'unauthorized',
};

/**
 * HubSpot's HTTP quirks as data. Rate limit: private apps get 100 requests per 10 s on the lower tiers
 * (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details), so the bucket holds 100 and
 * refills 10 a second. HubSpot reports the remaining budget but no reset time; 429s carry no Retry-After
 * either, so backoff does the waiting.
 */
export const hubSpotProfile: ProviderProfile = {
  id: 'hubspot',
  timeoutMs: 30_000,
  retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 },
  rateLimit: { capacity: 100, refillPerSecond: 10 },
  rateLimitHeaders: { remaining: 'x-hubspot-ratelimit-remaining' },
  mapError(status, body) {
    const parsed = hubSpotErrorSchema.safeParse(body);
    const category = parsed.success ? parsed.data.category : undefined;
    const code = category === undefined ? undefined : HUBSPOT_CATEGORIES[category];
    if (code === undefined) return undefined;
    const message = parsed.success && parsed.data.message ? parsed.data.message.slice(0, 300) : `HTTP ${status}`;
    const hint = category === 'MISSING_SCOPES' ? ' (grant the app the missing CRM scopes and reconnect)' : '';
    return { code, message: `HubSpot ${category}: ${message}${hint}` };
  },
};

/** HubSpot's OAuth2 (https://developers.hubspot.com/docs/api/oauth/tokens). */
export function hubSpotOAuthProvider(options: { clientId: string; clientSecret: string; baseUrl?: string; scopes?: readonly string[] }): OAuth2Provider {
  const base = (options.baseUrl ?? HUBSPOT_API_BASE).replace(/\/+$/, '');
  return {
    id: 'hubspot',
    displayName: 'HubSpot',
    tokenUrl: `${base}/oauth/v1/token`,
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: options.scopes ?? [
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.companies.read',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
    ],
    parseTokenResponse: parseStandardTokenResponse,
  };
}
