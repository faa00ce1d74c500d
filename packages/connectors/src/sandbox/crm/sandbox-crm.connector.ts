import type { ConnectorDefinition } from '@bizosaas/domain';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmManifest } from './sandbox-crm.manifest.js';
import { sandboxCrmMigrations } from './sandbox-crm.migrations.js';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';
import { sandboxCrmWebhook } from './sandbox-crm.webhook.js';

/**
 * The embedded default CRM: data lives in the platform database (`sandbox_crm_*` tables, one dataset per
 * connection), so a fresh install answers CRM queries before any vendor is connected.
 */
export const sandboxCrmConnector: ConnectorDefinition<'crm'> = {
  manifest: sandboxCrmManifest,
  migrations: sandboxCrmMigrations,
  webhook: sandboxCrmWebhook,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_crm_pipelines where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxCrmDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxCrmAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
