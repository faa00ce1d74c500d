import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox CRM's manifest: every CrmPort method, an API key, and no hosts (it calls nothing). */
export const sandboxCrmManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox CRM',
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
  // An API key although nothing is called: the sandbox lets the connect flow (store secret, test it,
  // reject a bad one) be exercised end to end without a vendor account.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'crm' };
