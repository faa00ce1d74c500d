import type { ConnectorManifest } from '@bizosaas/domain';
import { WORDPRESS_PROVIDER } from './wordpress.profile.js';
import { wordPressCredentialFields, wordPressSettingsFields } from './wordpress.settings.js';

/** WordPress: every CmsPort method over the REST API v2 (posts and pages), with an application password. */
export const wordPressCmsManifest = {
  id: WORDPRESS_PROVIDER,
  displayName: 'WordPress',
  port: 'cms',
  capabilities: ['listContent', 'getContents', 'createContent', 'updateContent', 'publishContent', 'unpublishContent'],
  authKind: 'basic',
  settingsFields: wordPressSettingsFields,
  credentialFields: wordPressCredentialFields,
  // Self-hosted: the only host called is the connection's own site URL (https, public; see parseWordPressSettings).
  allowedHosts: [],
  docsUrl: 'https://developer.wordpress.org/rest-api/reference/',
} as const satisfies ConnectorManifest & { readonly port: 'cms' };
