import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxBillingAdapter } from './sandbox-billing.adapter.js';
import { sandboxBillingManifest } from './sandbox-billing.manifest.js';
import { sandboxBillingMigrations } from './sandbox-billing.migrations.js';
import { seedSandboxBillingDataset } from './sandbox-billing.seed.js';

/**
 * The embedded default billing system: data lives in the platform database (`sandbox_billing_*` tables,
 * one dataset per connection), so a fresh install answers invoice queries before Stripe is connected.
 */
export const sandboxBillingConnector: ConnectorDefinition<'billing'> = {
  manifest: sandboxBillingManifest,
  migrations: sandboxBillingMigrations,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    const { dataset } = parseSandboxSettings(context.settings);
    // The one cheap "authenticated call": proves the tables exist (migrations ran) for this dataset.
    await context.sql.query('select 1 from sandbox_billing_invoices where dataset = $1 limit 1', [dataset]);
  },

  async prepare(context) {
    const { dataset, profile } = parseSandboxSettings(context.settings);
    if (profile && profile !== 'empty') await seedSandboxBillingDataset(context.sql, dataset, { profile });
  },

  createAdapter(context) {
    const { dataset } = parseSandboxSettings(context.settings);
    return new SandboxBillingAdapter({ sql: context.sql, dataset, connectionId: context.connectionId });
  },
};
