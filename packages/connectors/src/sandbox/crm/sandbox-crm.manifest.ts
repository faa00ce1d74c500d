import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from './sandbox-crm.mapping.js';

/** The sandbox CRM's manifest: every CrmPort method, an API key, and no hosts (it calls nothing). */
export const sandboxCrmManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox CRM',
  port: 'crm',
  capabilities: [
    'listContacts',
    'getContacts',
    'createContact',
    'updateContact',
    'listCompanies',
    'getCompanies',
    'listDeals',
    'getDeals',
    'createDeal',
    'updateDeal',
    'listPipelines',
  ],
  // An API key although nothing is called: the sandbox lets the connect flow (store secret, test it,
  // reject a bad one) be exercised end to end without a vendor account.
  authKind: 'api_key',
  settingsFields: [
    {
      name: 'dataset',
      label: 'Dataset',
      description: 'Name of the sandbox dataset: 2 to 40 lower-case letters, digits or dashes, e.g. "acme-demo".',
      required: true,
      secret: false,
    },
  ],
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      description: 'Any key of the form "sandbox_" followed by at least 16 letters, digits, "_" or "-".',
      required: true,
      secret: true,
    },
  ],
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'crm' };
