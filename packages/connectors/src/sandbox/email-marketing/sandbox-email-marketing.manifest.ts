import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox email marketing manifest: every EmailMarketingPort method, an API key, and no hosts. */
export const sandboxEmailMarketingManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox email marketing',
  port: 'emailMarketing',
  capabilities: ['listCampaigns', 'getCampaigns', 'createCampaign', 'sendCampaign', 'upsertAudienceMember', 'tagAudienceMembers'],
  // An API key although nothing is called: the connect flow (store secret, test it) works end to end.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'emailMarketing' };
