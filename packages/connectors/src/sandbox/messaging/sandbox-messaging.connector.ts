import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxMessagingAdapter } from './sandbox-messaging.adapter.js';
import { sandboxMessagingManifest } from './sandbox-messaging.manifest.js';
import { sandboxMessagingMigrations } from './sandbox-messaging.migrations.js';
import { seedSandboxMessagingDataset } from './sandbox-messaging.seed.js';

/**
 * The embedded default messaging provider: messages live in the platform database
 * (`sandbox_messaging_*` tables, one dataset per connection) and are never delivered anywhere.
 */
export const sandboxMessagingConnector: ConnectorDefinition<'messaging'> = {
  manifest: sandboxMessagingManifest,
  migrations: sandboxMessagingMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran).
    await context.sql.query('select 1 from sandbox_messaging_numbers where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxMessagingDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxMessagingAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
