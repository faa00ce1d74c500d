import type { ConnectorManifest } from '@bizosaas/domain';
import { ZOHO_DATA_CENTRES, ZOHO_PROVIDER, zohoCredentialFields, zohoSettingsFields } from './zoho-crm.settings.js';

/** Zoho CRM: every CrmPort method, OAuth2, and the API and accounts hosts of every data centre. */
export const zohoCrmManifest = {
  id: ZOHO_PROVIDER,
  displayName: 'Zoho CRM',
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
  authKind: 'oauth2',
  settingsFields: zohoSettingsFields,
  credentialFields: zohoCredentialFields,
  allowedHosts: Object.values(ZOHO_DATA_CENTRES).flatMap((dc) => [new URL(dc.apiDomain).host, new URL(dc.accountsServer).host]),
  docsUrl: 'https://www.zoho.com/crm/developer/docs/api/v8/',
} as const satisfies ConnectorManifest & { readonly port: 'crm' };
