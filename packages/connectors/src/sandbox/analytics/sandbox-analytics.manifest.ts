import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox analytics' manifest: both AnalyticsPort methods (it is read-only, like GA4), an API key, no hosts. */
export const sandboxAnalyticsManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox Analytics',
  port: 'analytics',
  capabilities: ['runReport', 'runReports'],
  // An API key although nothing is called: the connect flow (store, test, reject a bad key) stays real.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'analytics' };
