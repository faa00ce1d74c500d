import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox shop's manifest: every CommercePort method, an API key, and no hosts (it calls nothing). */
export const sandboxCommerceManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox Shop',
  port: 'commerce',
  capabilities: [
    'listProducts',
    'getProducts',
    'listOrders',
    'getOrders',
    'findOrdersByEmails',
    'createOrder',
    'updateInventory',
    'listCustomers',
    'getCustomers',
  ],
  // An API key although nothing is called: the connect flow (store secret, test it, reject a bad one)
  // can be exercised end to end without a vendor account.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'commerce' };
