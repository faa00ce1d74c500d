import { tenantNamespace } from '@bizosaas/domain';
import { describeCrmPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmConnector } from './sandbox-crm.connector.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';

// The key the connector derives for tenant t-contract's dataset `contract` (seeded directly below).
const CONTRACT_DATASET = tenantNamespace('t-contract', 'contract');

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeCrmPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxCrmConnector.migrations ?? []);
    // The seed provides the pipeline (and the companies the port cannot create); the contract adds the rest.
    await seedSandboxCrmDataset(database.sql, CONTRACT_DATASET, { profile: 'acme' });
    const connect = (connectionId: string) =>
      sandboxCrmConnector.createAdapter({ tenantId: 't-contract', connectionId, settings: { dataset: 'contract' }, credentials: {}, sql: database.sql });
    return {
      port: connect('conn-contract-a'),
      // Same dataset, another connection: its ids must mean nothing to the first one.
      otherPort: new SandboxCrmAdapter({ sql: database.sql, dataset: CONTRACT_DATASET, connectionId: 'conn-contract-b' }),
      cleanup: () => database.close(),
    };
  });
}
