import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/**
 * The sandbox LLM's manifest: `complete`, an API key, and no hosts: it answers offline. It declares the
 * shared sandbox settings (a dataset) although it stores nothing, so every sandbox connection is made the
 * same way and the platform's connect flow needs no special case.
 */
export const sandboxLlmManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox LLM',
  port: 'llm',
  capabilities: ['complete'],
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'llm' };
