import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxAnalyticsAdapter } from './sandbox-analytics.adapter.js';
import { sandboxAnalyticsManifest } from './sandbox-analytics.manifest.js';
import { sandboxAnalyticsMigrations } from './sandbox-analytics.migrations.js';
import { seedSandboxAnalyticsDataset } from './sandbox-analytics.seed.js';

/**
 * The embedded default analytics: daily page metrics in the platform database
 * (`sandbox_analytics_daily_metrics`, one dataset per connection), so dashboards have numbers before GA4
 * is connected.
 */
export const sandboxAnalyticsConnector: ConnectorDefinition<'analytics'> = {
  manifest: sandboxAnalyticsManifest,
  migrations: sandboxAnalyticsMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the table exists (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_analytics_daily_metrics where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    // Demo traffic ends yesterday, so "the last 28 days" has data whenever the demo is connected.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    if (profile && profile !== 'empty') await seedSandboxAnalyticsDataset(context.sql, dataset, { profile, endDate: yesterday });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxAnalyticsAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
