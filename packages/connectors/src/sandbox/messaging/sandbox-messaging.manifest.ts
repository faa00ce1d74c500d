import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox messaging manifest: every MessagingPort method, an API key, and no hosts (it calls nothing). */
export const sandboxMessagingManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox messaging',
  port: 'messaging',
  capabilities: ['sendMessage', 'listMessages', 'getMessages'],
  // An API key although nothing is called: the connect flow (store secret, test it) works end to end.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'messaging' };
