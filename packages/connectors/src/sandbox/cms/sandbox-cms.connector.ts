import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxCmsAdapter } from './sandbox-cms.adapter.js';
import { sandboxCmsManifest } from './sandbox-cms.manifest.js';
import { sandboxCmsMigrations } from './sandbox-cms.migrations.js';
import { seedSandboxCmsDataset } from './sandbox-cms.seed.js';

/**
 * The embedded default CMS: posts and pages live in the platform database (`sandbox_cms_*` tables, one
 * dataset per connection), so a fresh install answers content queries before any CMS is connected.
 */
export const sandboxCmsConnector: ConnectorDefinition<'cms'> = {
  manifest: sandboxCmsManifest,
  migrations: sandboxCmsMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_cms_content where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxCmsDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxCmsAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
