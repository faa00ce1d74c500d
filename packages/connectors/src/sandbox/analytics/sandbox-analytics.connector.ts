import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxAnalyticsAdapter } from './sandbox-analytics.adapter.js';
import { sandboxAnalyticsManifest } from './sandbox-analytics.manifest.js';
import { sandboxAnalyticsMigrations } from './sandbox-analytics.migrations.js';
import { seedSandboxAnalyticsDataset } from './sandbox-analytics.seed.js';

/**
 * The embedded default analytics: daily page metrics in the platform database
 * (`sandbox_analytics_daily_metrics`, one dataset per connection), so dashboards have numbers before GA4
 * is connected.
 */
export const sandboxAnalyticsConnector: ConnectorDefinition<'analytics'> = defineSandboxConnector({
  manifest: sandboxAnalyticsManifest,
  migrations: sandboxAnalyticsMigrations,
  probeTable: 'sandbox_analytics_daily_metrics',
  // Demo traffic ends yesterday, so "the last 28 days" has data whenever the demo is connected.
  seed: (sql, dataset, profile) => seedSandboxAnalyticsDataset(sql, dataset, { profile, endDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }),
  createAdapter: (options) => new SandboxAnalyticsAdapter(options),
});
