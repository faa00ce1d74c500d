import type { ConnectorManifest } from '@bizosaas/domain';
import { DRUPAL_PROVIDER } from './drupal.mapping.js';
import { drupalCredentialFields, drupalSettingsFields } from './drupal.settings.js';

/** Drupal through core's JSON:API: every CmsPort method (JSON:API must accept writes: /admin/config/services/jsonapi). */
export const drupalCmsManifest = {
  id: DRUPAL_PROVIDER,
  displayName: 'Drupal',
  port: 'cms',
  capabilities: ['listContent', 'getContents', 'createContent', 'updateContent', 'publishContent', 'unpublishContent'],
  // Basic auth (core basic_auth) is the common case; a bearer token (simple_oauth) is accepted by the same connector.
  authKind: 'basic',
  settingsFields: drupalSettingsFields,
  credentialFields: drupalCredentialFields,
  // Self-hosted: the one host allowed is the connection's own site URL (checked in the settings).
  allowedHosts: [],
  docsUrl: 'https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module',
} as const satisfies ConnectorManifest & { readonly port: 'cms' };
