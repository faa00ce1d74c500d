import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxEmailMarketingAdapter } from './sandbox-email-marketing.adapter.js';
import { sandboxEmailMarketingManifest } from './sandbox-email-marketing.manifest.js';
import { sandboxEmailMarketingMigrations } from './sandbox-email-marketing.migrations.js';
import { seedSandboxEmailMarketingDataset } from './sandbox-email-marketing.seed.js';

/**
 * The embedded default email marketing provider: campaigns and audiences live in the platform database
 * (`sandbox_email_*` tables, one dataset per connection).
 */
export const sandboxEmailMarketingConnector: ConnectorDefinition<'emailMarketing'> = defineSandboxConnector({
  manifest: sandboxEmailMarketingManifest,
  migrations: sandboxEmailMarketingMigrations,
  probeTable: 'sandbox_email_audiences',
  seed: (sql, dataset, profile) => seedSandboxEmailMarketingDataset(sql, dataset, { profile }),
  createAdapter: (options) => new SandboxEmailMarketingAdapter(options),
});
