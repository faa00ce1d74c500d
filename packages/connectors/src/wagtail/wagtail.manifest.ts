import type { ConnectorManifest } from '@bizosaas/domain';
import { WAGTAIL_PROVIDER } from './wagtail.mapping.js';
import { wagtailCredentialFields, wagtailSettingsFields } from './wagtail.settings.js';

/**
 * Wagtail CMS: reads only. The API v2 is read-only, so createContent, updateContent, publishContent and
 * unpublishContent raise `not_supported`; only live pages are visible.
 */
export const wagtailCmsManifest = {
  id: WAGTAIL_PROVIDER,
  displayName: 'Wagtail',
  port: 'cms',
  capabilities: ['listContent', 'getContents'],
  // Public by default; an optional header token for sites that protect the API.
  authKind: 'none',
  settingsFields: wagtailSettingsFields,
  credentialFields: wagtailCredentialFields,
  // Self-hosted: the one host allowed is the connection's own site URL (checked in the settings).
  allowedHosts: [],
  docsUrl: 'https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html',
} as const satisfies ConnectorManifest & { readonly port: 'cms' };
