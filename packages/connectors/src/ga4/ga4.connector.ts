import { defineHttpConnector, type HttpConnectorRuntime } from '@bizosaas/connector-kit';
import { Ga4AnalyticsAdapter } from './ga4-analytics.adapter.js';
import { ga4Manifest } from './ga4.manifest.js';
import { ga4Profile } from './ga4.profile.js';
import { Ga4QuotaGate } from './ga4.quota.js';
import { serviceAccountAuth } from './ga4.service-account.js';
import { GA4_PROVIDER, ga4CredentialsSchema, ga4SettingsSchema } from './ga4.settings.js';

/** A connection's quota gate, reporting to the runtime's metrics (per provider and quota kind, no ids rendered). */
function quotaGate(connectionId: string, runtime: HttpConnectorRuntime): Ga4QuotaGate {
  const metrics = runtime.metrics;
  return new Ga4QuotaGate({
    ...(runtime.sleep && { sleep: runtime.sleep }),
    onQuota: (quota, status, resetsAt) => metrics?.recordQuota?.({ provider: GA4_PROVIDER, connectionId, quota, ...status, resetsAt }),
    onWait: (quota, waitMs) => metrics?.recordQuotaWait?.({ provider: GA4_PROVIDER, quota, waitMs }),
  });
}

/**
 * Google Analytics 4 (analytics port) on the Data API v1beta with a service account. Registered in the
 * runtime's list with one line: `ga4AnalyticsConnector(shared)`.
 */
export const ga4AnalyticsConnector = defineHttpConnector({
  manifest: ga4Manifest,
  profile: ga4Profile,
  settings: ga4SettingsSchema,
  credentials: ga4CredentialsSchema,
  baseUrl: (settings) => settings.apiUrl,
  auth: (settings, credentials, context, runtime) =>
    serviceAccountAuth({ ...credentials, tokenUrl: settings.tokenUrl, connectionId: context.connectionId, lock: runtime.lock, ...(runtime.fetch && { fetch: runtime.fetch }) }),
  createAdapter: ({ context, settings, http, runtime }) =>
    new Ga4AnalyticsAdapter({ connectionId: context.connectionId, propertyId: settings.propertyId, http, quota: quotaGate(context.connectionId, runtime) }),
  // One tiny report proves the key, that it may read the property, and that the property exists.
  testConnection: async (adapter) => {
    const day = new Date().toISOString().slice(0, 10);
    await adapter.runReport({ metrics: ['activeUsers'], dimensions: [], startDate: day, endDate: day, limit: 1 });
  },
});
