import type { ConnectorManifest } from '@bizosaas/domain';
import { TWILIO_PROVIDER, twilioCredentialFields, twilioSettingsFields } from './twilio.settings.js';

/** Twilio: every MessagingPort method over the 2010 API, with an auth token or an API key. */
export const twilioManifest = {
  id: TWILIO_PROVIDER,
  displayName: 'Twilio',
  port: 'messaging',
  capabilities: ['sendMessage', 'listMessages', 'getMessages'],
  authKind: 'basic',
  settingsFields: twilioSettingsFields,
  credentialFields: twilioCredentialFields,
  allowedHosts: ['api.twilio.com'],
  docsUrl: 'https://www.twilio.com/docs/messaging/api/message-resource',
} as const satisfies ConnectorManifest & { readonly port: 'messaging' };
