import type { ConnectorManifest } from '@bizosaas/domain';
import { MAILCHIMP_PROVIDER, mailchimpCredentialFields, mailchimpSettingsFields } from './mailchimp.settings.js';

/** Mailchimp: every EmailMarketingPort method over Marketing API 3.0, with an API key. */
export const mailchimpManifest = {
  id: MAILCHIMP_PROVIDER,
  displayName: 'Mailchimp',
  port: 'emailMarketing',
  capabilities: ['listCampaigns', 'getCampaigns', 'createCampaign', 'sendCampaign', 'upsertAudienceMember', 'tagAudienceMembers'],
  // An API key, or OAuth2 through the connect flow.
  authKind: 'api_key',
  settingsFields: mailchimpSettingsFields,
  credentialFields: mailchimpCredentialFields,
  allowedHosts: ['*.api.mailchimp.com', 'login.mailchimp.com'],
  docsUrl: 'https://mailchimp.com/developer/marketing/api/',
} as const satisfies ConnectorManifest & { readonly port: 'emailMarketing' };
