import type { ConnectorDefinition } from '@bizosaas/domain';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmManifest } from './sandbox-crm.manifest.js';
import { sandboxCrmMigrations } from './sandbox-crm.migrations.js';
import { parseSandboxCrmCredentials, parseSandboxCrmSettings, verifySandboxApiKey } from './sandbox-crm.settings.js';

/**
 * The embedded default CRM: data lives in the platform database (`sandbox_crm_*` tables, one dataset per
 * connection), so a fresh install answers CRM queries before any vendor is connected.
 */
export const sandboxCrmConnector: ConnectorDefinition<'crm'> = {
  manifest: sandboxCrmManifest,
  migrations: sandboxCrmMigrations,
  parseSettings: parseSandboxCrmSettings,
  parseCredentials: parseSandboxCrmCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCrmCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxCrmSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_crm_pipelines where dataset = $1 limit 1', [dataset]);
  },

  createAdapter(context) {
    const { dataset } = parseSandboxCrmSettings(context.settings);
    return new SandboxCrmAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
