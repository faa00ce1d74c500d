import type { OAuth2Provider, OAuth2Tokens } from '@bizosaas/connector-kit';
import { zohoTokenErrorSchema, zohoTokenSchema } from './zoho-crm.schemas.js';
import type { ZohoCrmCredentials, ZohoCrmSettings } from './zoho-crm.settings.js';

/** Scopes the connector asks for: the three modules, the settings it reads, notifications. */
export const ZOHO_CRM_SCOPES = [
  'ZohoCRM.modules.contacts.ALL',
  'ZohoCRM.modules.accounts.ALL',
  'ZohoCRM.modules.deals.ALL',
  'ZohoCRM.settings.layouts.READ',
  'ZohoCRM.settings.pipeline.READ',
  'ZohoCRM.notifications.ALL',
] as const;

/**
 * Zoho's OAuth2 (https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html) at the
 * connection's own accounts server: `<accountsServer>/oauth/v2/auth` and `/oauth/v2/token`. The token
 * answer carries `api_domain`, kept in `extra.apiDomain`; calls still go to the connection's validated
 * `apiDomain` setting, never to a domain read from a response.
 * Connect with `authorizeUrl(provider, { ..., extra: { access_type: 'offline', prompt: 'consent' } })`:
 * without `access_type=offline` Zoho issues no refresh token.
 */
export function zohoOAuthProvider(settings: ZohoCrmSettings, credentials: Pick<ZohoCrmCredentials, 'clientId' | 'clientSecret'>): OAuth2Provider {
  return {
    id: 'zoho',
    displayName: 'Zoho CRM',
    tokenUrl: `${settings.accountsServer}/oauth/v2/token`,
    authorizeUrl: `${settings.accountsServer}/oauth/v2/auth`,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scopes: ZOHO_CRM_SCOPES,
    parseTokenResponse(body: unknown, now: number): OAuth2Tokens {
      const parsed = zohoTokenSchema.parse(body);
      return {
        accessToken: parsed.access_token,
        refreshToken: parsed.refresh_token ?? '',
        expiresAt: now + parsed.expires_in * 1000,
        ...(parsed.api_domain === undefined ? {} : { extra: { apiDomain: parsed.api_domain } }),
      };
    },
  };
}

/**
 * Zoho's accounts server answers a rejected grant with HTTP 200 and `{ "error": "invalid_code" }`
 * instead of RFC 6749's 400. This fetch, used for the token endpoint only, turns such an answer into
 * the 400 the kit's OAuth2 refresh understands (mark NEEDS_REAUTH, tell the caller to reconnect).
 */
export function zohoTokenFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status !== 200) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const rejected = zohoTokenErrorSchema.safeParse(body).success && !zohoTokenSchema.safeParse(body).success;
    return new Response(text, { status: rejected ? 400 : 200, headers: response.headers });
  };
}
