import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxEmailMarketingAdapter } from './sandbox-email-marketing.adapter.js';
import { sandboxEmailMarketingManifest } from './sandbox-email-marketing.manifest.js';
import { sandboxEmailMarketingMigrations } from './sandbox-email-marketing.migrations.js';
import { seedSandboxEmailMarketingDataset } from './sandbox-email-marketing.seed.js';

/**
 * The embedded default email marketing provider: campaigns and audiences live in the platform database
 * (`sandbox_email_*` tables, one dataset per connection).
 */
export const sandboxEmailMarketingConnector: ConnectorDefinition<'emailMarketing'> = {
  manifest: sandboxEmailMarketingManifest,
  migrations: sandboxEmailMarketingMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran).
    await context.sql.query('select 1 from sandbox_email_audiences where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxEmailMarketingDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxEmailMarketingAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
