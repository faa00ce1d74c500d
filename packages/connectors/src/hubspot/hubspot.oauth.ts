import { authorizeUrl, exchangeCode } from '@bizosaas/connector-kit';
import { ConnectorError, type ConnectorOAuth } from '@bizosaas/domain';
import { hubSpotOAuthProvider } from './hubspot.profile.js';
import type { HubSpotSettings } from './hubspot.settings.js';

/** HubSpot's consent page (https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth). */
export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/**
 * Where a connection's users give consent. For HubSpot's own API hosts that is app.hubspot.com; a
 * loopback emulator base URL (accepted only when the connector was built with `allowEmulator`, so never
 * for a tenant in production) serves its own `/oauth/authorize`. Deriving it from the validated settings
 * keeps the test seam out of the options: nothing else has to be wired for the emulator.
 */
export function hubSpotAuthorizeUrl(settings: Pick<HubSpotSettings, 'baseUrl'>): string {
  const base = new URL(settings.baseUrl);
  return base.protocol === 'http:' && base.hostname === '127.0.0.1' ? `${settings.baseUrl}/oauth/authorize` : HUBSPOT_AUTHORIZE_URL;
}

/**
 * HubSpot's authorization-code connect flow: consent at app.hubspot.com, the code exchanged at the
 * connection's API base (`POST <baseUrl>/oauth/v1/token`, grant_type=authorization_code,
 * https://developers.hubspot.com/docs/api/oauth/tokens). The credentials are the OAuth triple the
 * connector already takes; the first call refreshes for an access token, as after any restart.
 */
export function createHubSpotConnectFlow(parseSettings: (raw: unknown) => HubSpotSettings, options: { readonly fetch?: typeof fetch } = {}): ConnectorOAuth {
  return {
    authorizationUrl({ settings, clientId, redirectUri, state }) {
      const parsed = parseSettings(settings);
      const provider = { ...hubSpotOAuthProvider({ clientId, clientSecret: '', baseUrl: parsed.baseUrl }), authorizeUrl: hubSpotAuthorizeUrl(parsed) };
      return authorizeUrl(provider, { redirectUri, state });
    },
    async exchangeCode({ settings, clientId, clientSecret, code, redirectUri }) {
      const parsed = parseSettings(settings);
      const provider = hubSpotOAuthProvider({ clientId, clientSecret, baseUrl: parsed.baseUrl });
      const tokens = await exchangeCode(provider, { code, redirectUri, ...(options.fetch && { fetch: options.fetch }) });
      // Without a refresh token the connection would die with the first access token.
      if (tokens.refreshToken === '') throw new ConnectorError('invalid_response', 'hubspot', 'HubSpot answered the code exchange without a refresh token');
      return { refreshToken: tokens.refreshToken, clientId, clientSecret };
    },
  };
}
