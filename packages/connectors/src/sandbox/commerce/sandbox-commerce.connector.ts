import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceManifest } from './sandbox-commerce.manifest.js';
import { sandboxCommerceMigrations } from './sandbox-commerce.migrations.js';
import { seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

/**
 * The embedded default shop: data lives in the platform database (`sandbox_commerce_*` tables, one
 * dataset per connection), so a fresh install answers product and order queries before Shopify or
 * WooCommerce is connected.
 */
export const sandboxCommerceConnector: ConnectorDefinition<'commerce'> = {
  manifest: sandboxCommerceManifest,
  migrations: sandboxCommerceMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_commerce_products where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxCommerceDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxCommerceAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
