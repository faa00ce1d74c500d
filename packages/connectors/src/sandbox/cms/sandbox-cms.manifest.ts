import type { ConnectorManifest } from '@bizosaas/domain';
import { SANDBOX_PROVIDER, sandboxCredentialFields, sandboxSettingsFields } from '../shared/sandbox-settings.js';

/** The sandbox CMS's manifest: every CmsPort method, an API key, and no hosts (it calls nothing). */
export const sandboxCmsManifest = {
  id: SANDBOX_PROVIDER,
  displayName: 'Sandbox CMS',
  port: 'cms',
  capabilities: ['listContent', 'getContents', 'createContent', 'updateContent', 'publishContent', 'unpublishContent'],
  // An API key although nothing is called: the connect flow (store, test, reject a bad key) stays real.
  authKind: 'api_key',
  settingsFields: sandboxSettingsFields,
  credentialFields: sandboxCredentialFields,
  allowedHosts: [],
  docsUrl: 'README.md#sandbox-connectors',
} as const satisfies ConnectorManifest & { readonly port: 'cms' };
