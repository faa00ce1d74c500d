import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox billing system's manifest: every BillingPort method, an API key, and no hosts (it calls nothing). */
export const sandboxBillingManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox Billing',
  port: 'billing',
  capabilities: ['listInvoices', 'getInvoices', 'findInvoicesByEmails', 'createInvoice', 'voidInvoice', 'listSubscriptions', 'getSubscriptions', 'cancelSubscription'],
  // An API key although nothing is called: the connect flow (store secret, test it, reject a bad one)
  // can be exercised end to end without a vendor account.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'billing' };
