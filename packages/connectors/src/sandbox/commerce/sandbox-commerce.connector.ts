import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceManifest } from './sandbox-commerce.manifest.js';
import { sandboxCommerceMigrations } from './sandbox-commerce.migrations.js';
import { seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

/**
 * The embedded default shop: data lives in the platform database (`sandbox_commerce_*` tables, one
 * dataset per connection), so a fresh install answers product and order queries before Shopify or
 * WooCommerce is connected.
 */
export const sandboxCommerceConnector: ConnectorDefinition<'commerce'> = defineSandboxConnector({
  manifest: sandboxCommerceManifest,
  migrations: sandboxCommerceMigrations,
  probeTable: 'sandbox_commerce_products',
  seed: (sql, dataset, profile) => seedSandboxCommerceDataset(sql, dataset, { profile }),
  createAdapter: (options) => new SandboxCommerceAdapter(options),
});
