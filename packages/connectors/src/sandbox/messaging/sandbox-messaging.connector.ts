import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxMessagingAdapter } from './sandbox-messaging.adapter.js';
import { sandboxMessagingManifest } from './sandbox-messaging.manifest.js';
import { sandboxMessagingMigrations } from './sandbox-messaging.migrations.js';
import { seedSandboxMessagingDataset } from './sandbox-messaging.seed.js';

/**
 * The embedded default messaging provider: messages live in the platform database
 * (`sandbox_messaging_*` tables, one dataset per connection) and are never delivered anywhere.
 */
export const sandboxMessagingConnector: ConnectorDefinition<'messaging'> = defineSandboxConnector({
  manifest: sandboxMessagingManifest,
  migrations: sandboxMessagingMigrations,
  probeTable: 'sandbox_messaging_numbers',
  seed: (sql, dataset, profile) => seedSandboxMessagingDataset(sql, dataset, { profile }),
  createAdapter: (options) => new SandboxMessagingAdapter(options),
});
