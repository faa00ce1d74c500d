import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxBillingAdapter } from './sandbox-billing.adapter.js';
import { sandboxBillingManifest } from './sandbox-billing.manifest.js';
import { sandboxBillingMigrations } from './sandbox-billing.migrations.js';
import { seedSandboxBillingDataset } from './sandbox-billing.seed.js';

/**
 * The embedded default billing system: data lives in the platform database (`sandbox_billing_*` tables,
 * one dataset per connection), so a fresh install answers invoice queries before Stripe is connected.
 */
export const sandboxBillingConnector: ConnectorDefinition<'billing'> = defineSandboxConnector({
  manifest: sandboxBillingManifest,
  migrations: sandboxBillingMigrations,
  probeTable: 'sandbox_billing_invoices',
  seed: (sql, dataset, profile) => seedSandboxBillingDataset(sql, dataset, { profile }),
  createAdapter: (options) => new SandboxBillingAdapter(options),
});
