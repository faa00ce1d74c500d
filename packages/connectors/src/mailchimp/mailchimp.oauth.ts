import { authorizeUrl, exchangeCode, type OAuth2Provider } from '@bizosaas/connector-kit';
import { ConnectorError, type ConnectorOAuth } from '@bizosaas/domain';
import { z } from 'zod';
import { MAILCHIMP_PROVIDER, type MailchimpSettings } from './mailchimp.settings.js';

/** Mailchimp's OAuth host (https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/). */
const LOGIN = 'https://login.mailchimp.com';

/** The metadata endpoint's answer: the account's data centre and API root. */
const metadataSchema = z.looseObject({ dc: z.string(), api_endpoint: z.string() });

/** The OAuth host: login.mailchimp.com, or a loopback emulator's root (only accepted when emulators are). */
function loginBase(settings: MailchimpSettings): string {
  return settings.apiBaseUrl ?? LOGIN;
}

function provider(settings: MailchimpSettings, clientId: string, clientSecret: string): OAuth2Provider {
  return {
    id: MAILCHIMP_PROVIDER,
    displayName: 'Mailchimp',
    tokenUrl: `${loginBase(settings)}/oauth2/token`,
    authorizeUrl: `${loginBase(settings)}/oauth2/authorize`,
    clientId,
    clientSecret,
    scopes: [],
    // Mailchimp's tokens do not expire (`expires_in: 0`) and come without a refresh token.
    parseTokenResponse: (body) => ({ accessToken: z.object({ access_token: z.string().min(1) }).parse(body).access_token, refreshToken: '', expiresAt: Number.MAX_SAFE_INTEGER }),
  };
}

/**
 * Mailchimp's connect flow: consent at login.mailchimp.com, the code exchanged for a token that never
 * expires, then the metadata endpoint says which data centre the account lives in. The connection named
 * its data centre up front (it picks the API host); a token of another data centre is refused here
 * rather than failing on every call later.
 */
export function createMailchimpConnectFlow(parseSettings: (raw: unknown) => MailchimpSettings, options: { readonly fetch?: typeof fetch } = {}): ConnectorOAuth {
  const doFetch = options.fetch ?? fetch;
  return {
    authorizationUrl({ settings, clientId, redirectUri, state }) {
      return authorizeUrl(provider(parseSettings(settings), clientId, ''), { redirectUri, state });
    },
    async exchangeCode({ settings, clientId, clientSecret, code, redirectUri }) {
      const parsed = parseSettings(settings);
      const tokens = await exchangeCode(provider(parsed, clientId, clientSecret), { code, redirectUri, ...(options.fetch && { fetch: options.fetch }) });
      // GET https://login.mailchimp.com/oauth2/metadata with `Authorization: OAuth <token>`.
      const response = await doFetch(`${loginBase(parsed)}/oauth2/metadata`, { headers: { authorization: `OAuth ${tokens.accessToken}`, accept: 'application/json' } }).catch(() => {
        throw new ConnectorError('upstream_unavailable', MAILCHIMP_PROVIDER, 'Mailchimp\'s metadata endpoint could not be reached; try connecting again');
      });
      if (!response.ok) throw new ConnectorError('unauthorized', MAILCHIMP_PROVIDER, `Mailchimp's metadata endpoint refused the new token (HTTP ${response.status}); start the connect flow again`);
      const metadata = metadataSchema.safeParse(await response.json().catch(() => undefined));
      if (!metadata.success) throw new ConnectorError('invalid_response', MAILCHIMP_PROVIDER, 'Mailchimp\'s metadata endpoint answered without a data centre');
      if (metadata.data.dc !== parsed.dataCenter) {
        throw new ConnectorError('misconfigured', MAILCHIMP_PROVIDER, `The Mailchimp account lives in data centre ${metadata.data.dc}, not ${parsed.dataCenter}: set settings.dataCenter to ${metadata.data.dc} and connect again`);
      }
      return { accessToken: tokens.accessToken };
    },
  };
}
