import { basicAuth, defineHttpConnector, type AuthStrategy } from '@bizosaas/connector-kit';
import { EntityIds } from '@bizosaas/domain';
import { TwilioMessagingAdapter } from './twilio-messaging.adapter.js';
import { TwilioSentMessages } from './twilio.idempotency.js';
import { twilioManifest } from './twilio.manifest.js';
import { twilioProfile } from './twilio.profile.js';
import { twilioCredentialsSchema, twilioSettingsSchema, type TwilioCredentials } from './twilio.settings.js';
import { createTwilioWebhook } from './twilio.webhook.js';

/** HTTP Basic with the API key and secret when given, else the Account SID and auth token; all redacted. */
function twilioAuth(accountSid: string, credentials: TwilioCredentials): AuthStrategy {
  const basic = credentials.apiKeySid !== undefined && credentials.apiKeySecret !== undefined ? basicAuth(credentials.apiKeySid, credentials.apiKeySecret) : basicAuth(accountSid, credentials.authToken);
  return { authorize: (headers) => basic.authorize(headers), secrets: () => [...basic.secrets(), credentials.authToken, ...(credentials.apiKeySecret ? [credentials.apiKeySecret] : [])] };
}

/** Keyed sends of this process (Twilio takes no idempotency key), shared by every Twilio connection. */
const sentMessages = new TwilioSentMessages();

/**
 * Twilio (messaging port) on the 2010 API at `https://api.twilio.com/2010-04-01/Accounts/<AccountSid>`.
 * Registered in the runtime's list with one line: `twilioConnector(runtime)`.
 */
export const twilioConnector = defineHttpConnector({
  manifest: twilioManifest,
  profile: twilioProfile,
  settings: twilioSettingsSchema,
  credentials: twilioCredentialsSchema,
  baseUrl: (settings) => settings.apiUrl,
  auth: (settings, credentials) => twilioAuth(settings.accountSid, credentials),
  createAdapter: ({ context, settings, http }) =>
    new TwilioMessagingAdapter({
      connectionId: context.connectionId,
      accountSid: settings.accountSid,
      fromNumber: settings.fromNumber,
      statusCallback: settings.publicUrl === undefined ? undefined : `${settings.publicUrl}/webhooks/${encodeURIComponent(context.connectionId)}`,
      http,
      sent: sentMessages,
    }),
  // One page of one message proves the account SID and the credential.
  testConnection: async (adapter) => {
    await adapter.listMessages({ first: 1 });
  },
  webhook: (resolve) => createTwilioWebhook((context) => ({ authToken: resolve(context).credentials.authToken, ids: new EntityIds(context.connectionId) })),
});

