import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxCmsAdapter } from './sandbox-cms.adapter.js';
import { sandboxCmsManifest } from './sandbox-cms.manifest.js';
import { sandboxCmsMigrations } from './sandbox-cms.migrations.js';
import { seedSandboxCmsDataset } from './sandbox-cms.seed.js';

/**
 * The embedded default CMS: posts and pages live in the platform database (`sandbox_cms_*` tables, one
 * dataset per connection), so a fresh install answers content queries before any CMS is connected.
 */
export const sandboxCmsConnector: ConnectorDefinition<'cms'> = defineSandboxConnector({
  manifest: sandboxCmsManifest,
  migrations: sandboxCmsMigrations,
  probeTable: 'sandbox_cms_content',
  seed: (sql, dataset, profile) => seedSandboxCmsDataset(sql, dataset, { profile }),
  createAdapter: (options) => new SandboxCmsAdapter(options),
});
