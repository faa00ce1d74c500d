import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmManifest } from './sandbox-crm.manifest.js';
import { sandboxCrmMigrations } from './sandbox-crm.migrations.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';
import { sandboxCrmWebhook } from './sandbox-crm.webhook.js';

/**
 * The embedded default CRM: data lives in the platform database (`sandbox_crm_*` tables, one dataset per
 * connection), so a fresh install answers CRM queries before any vendor is connected.
 */
export const sandboxCrmConnector: ConnectorDefinition<'crm'> = defineSandboxConnector({
  manifest: sandboxCrmManifest,
  migrations: sandboxCrmMigrations,
  probeTable: 'sandbox_crm_pipelines',
  seed: (sql, dataset, profile) => seedSandboxCrmDataset(sql, dataset, { profile }),
  webhook: sandboxCrmWebhook,
  createAdapter: (options) => new SandboxCrmAdapter(options),
});
