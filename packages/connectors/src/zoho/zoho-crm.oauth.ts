import { authorizeUrl, exchangeCode, type OAuth2Provider, type OAuth2Tokens } from '@bizosaas/connector-kit';
import { ConnectorError, type ConnectorOAuth } from '@bizosaas/domain';
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

/**
 * Zoho's authorization-code connect flow at the connection's accounts server: consent at
 * `<accountsServer>/oauth/v2/auth` (https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html;
 * scopes comma-separated, `access_type=offline` for a refresh token, `prompt=consent` so a reconnect
 * issues a new one), the code exchanged at `<accountsServer>/oauth/v2/token`
 * (https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html).
 */
export function createZohoConnectFlow(parseSettings: (raw: unknown) => ZohoCrmSettings, options: { readonly fetch?: typeof fetch } = {}): ConnectorOAuth {
  return {
    authorizationUrl({ settings, clientId, redirectUri, state }) {
      const provider = zohoOAuthProvider(parseSettings(settings), { clientId, clientSecret: '' });
      return authorizeUrl(provider, { redirectUri, state, extra: { scope: ZOHO_CRM_SCOPES.join(','), access_type: 'offline', prompt: 'consent' } });
    },
    async exchangeCode({ settings, clientId, clientSecret, code, redirectUri }) {
      const parsed = parseSettings(settings);
      const tokens = await exchangeCode(zohoOAuthProvider(parsed, { clientId, clientSecret }), { code, redirectUri, fetch: zohoTokenFetch(options.fetch) });
      if (tokens.refreshToken === '') {
        throw new ConnectorError('invalid_response', 'zoho', 'Zoho CRM issued no refresh token: connect again and grant offline access');
      }
      // The account answers from its own data centre; a connection set up for another one would fail on
      // every call, so say which one it is instead of storing a connection that cannot work.
      const apiDomain = tokens.extra?.apiDomain?.replace(/\/+$/, '');
      if (apiDomain !== undefined && apiDomain !== parsed.apiDomain) {
        const where = /^https:\/\/[a-z0-9.-]{1,100}$/.test(apiDomain) ? ` (${apiDomain})` : '';
        throw new ConnectorError('misconfigured', 'zoho', `The Zoho account lives in another data centre${where}: connect again with that data centre's apiDomain and accountsServer`);
      }
      return { clientId, clientSecret, refreshToken: tokens.refreshToken };
    },
  };
}
