import { basicAuth, bearerToken, defineHttpConnector } from '@bizosaas/connector-kit';
import { MailchimpEmailMarketingAdapter } from './mailchimp-email-marketing.adapter.js';
import { MAILCHIMP_MAX_CONNECTIONS } from './mailchimp.api.js';
import { concurrencyLimitForKey } from './mailchimp.concurrency.js';
import { createMailchimpConnectFlow } from './mailchimp.oauth.js';
import { mailchimpManifest } from './mailchimp.manifest.js';
import { mailchimpProfile } from './mailchimp.profile.js';
import { checkKeyDataCenter, mailchimpBaseUrl, mailchimpCredentialsSchema, mailchimpSettingsSchema } from './mailchimp.settings.js';

/**
 * Mailchimp (email marketing port) on Marketing API 3.0 at `https://<dc>.api.mailchimp.com/3.0`, the data
 * centre read from the key. Registered in the runtime's list with one line: `mailchimpConnector(runtime)`.
 */
export const mailchimpConnector = defineHttpConnector({
  manifest: mailchimpManifest,
  profile: mailchimpProfile,
  settings: mailchimpSettingsSchema,
  credentials: mailchimpCredentialsSchema,
  baseUrl: mailchimpBaseUrl,
  // An API key: HTTP Basic with any user name and the key as password; an OAuth token: Bearer
  // (https://mailchimp.com/developer/marketing/docs/fundamentals/#authentication).
  auth: (settings, credentials) => {
    if (credentials.accessToken !== undefined) return bearerToken(credentials.accessToken);
    const apiKey = credentials.apiKey ?? '';
    checkKeyDataCenter(settings, apiKey);
    return basicAuth('anystring', apiKey);
  },
  createAdapter: ({ context, credentials, http }) =>
    new MailchimpEmailMarketingAdapter({
      connectionId: context.connectionId,
      http,
      limit: concurrencyLimitForKey(credentials.accessToken ?? credentials.apiKey ?? context.connectionId, MAILCHIMP_MAX_CONNECTIONS),
    }),
  // GET /campaigns?count=1 proves the key.
  testConnection: async (adapter) => {
    await adapter.listCampaigns({ first: 1 });
  },
  oauth: (parseSettings, runtime) => createMailchimpConnectFlow(parseSettings, runtime.fetch ? { fetch: runtime.fetch } : {}),
});
