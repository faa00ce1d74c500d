import type { ConnectorManifest } from '@bizosaas/domain';
import { HUBSPOT_PROVIDER } from './hubspot.mapping.js';
import { hubSpotCredentialFields, hubSpotSettingsFields } from './hubspot.settings.js';

/** HubSpot CRM: every CrmPort method over CRM v3 objects, v4 associations and v3 pipelines. */
export const hubSpotCrmManifest = {
  id: HUBSPOT_PROVIDER,
  displayName: 'HubSpot CRM',
  port: 'crm',
  capabilities: [
    'listContacts',
    'getContacts',
    'findContactsByEmails',
    'createContact',
    'updateContact',
    'listCompanies',
    'getCompanies',
    'listDeals',
    'getDeals',
    'getDealsForContacts',
    'createDeal',
    'updateDeal',
    'listPipelines',
  ],
  // Private-app tokens are the common case; OAuth (refreshToken + client) is accepted by the same connector.
  authKind: 'oauth2',
  settingsFields: hubSpotSettingsFields,
  credentialFields: hubSpotCredentialFields,
  allowedHosts: ['api.hubapi.com'],
  docsUrl: 'https://developers.hubspot.com/docs/api/crm/understanding-the-crm',
} as const satisfies ConnectorManifest & { readonly port: 'crm' };
