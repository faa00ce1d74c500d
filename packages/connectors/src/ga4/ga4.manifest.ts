import type { ConnectorManifest } from '@bizosaas/domain';
import { GA4_PROVIDER, ga4CredentialFields, ga4SettingsFields } from './ga4.settings.js';

/** Google Analytics 4: read-only reports over the Data API v1beta with a service account. */
export const ga4Manifest = {
  id: GA4_PROVIDER,
  displayName: 'Google Analytics 4',
  port: 'analytics',
  capabilities: ['runReport', 'runReports'],
  authKind: 'oauth2',
  settingsFields: ga4SettingsFields,
  credentialFields: ga4CredentialFields,
  allowedHosts: ['analyticsdata.googleapis.com', 'oauth2.googleapis.com'],
  docsUrl: 'https://developers.google.com/analytics/devguides/reporting/data/v1',
} as const satisfies ConnectorManifest & { readonly port: 'analytics' };
