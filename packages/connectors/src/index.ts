/**
 * Connectors: one folder per external system, each a `ConnectorDefinition` implementing a domain port.
 * The platform's adapter factory looks connectors up in `connectorCatalogue` by manifest id and port.
 */
import type { ConnectorDefinition } from '@bizosaas/domain';
import { sandboxCrmConnector } from './sandbox/crm/sandbox-crm.connector.js';

/** Every connector this build ships, in display order. */
export const connectorCatalogue: readonly ConnectorDefinition[] = [sandboxCrmConnector];

export { sandboxCrmConnector } from './sandbox/crm/sandbox-crm.connector.js';
export { SandboxCrmAdapter, type SandboxCrmAdapterOptions } from './sandbox/crm/sandbox-crm.adapter.js';
export { seedSandboxCrmDataset, buildSandboxCrmSeed, type SandboxSeedResult, type SandboxSeedData } from './sandbox/crm/sandbox-crm.seed.js';
export type { SandboxSeedProfileName } from './sandbox/crm/sandbox-crm.seed-profiles.js';
