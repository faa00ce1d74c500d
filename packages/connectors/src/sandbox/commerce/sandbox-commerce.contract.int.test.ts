import { tenantNamespace } from '@bizosaas/domain';
import { describeCommercePortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceConnector } from './sandbox-commerce.connector.js';
import { seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

// The key the connector derives for tenant t-contract's dataset `contract` (seeded directly below).
const CONTRACT_DATASET = tenantNamespace('t-contract', 'contract');

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeCommercePortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxCommerceConnector.migrations ?? []);
    // The seed provides the products and customers the port cannot create; the contract adds orders.
    await seedSandboxCommerceDataset(database.sql, CONTRACT_DATASET, { profile: 'acme' });
    const connect = (connectionId: string) =>
      sandboxCommerceConnector.createAdapter({ tenantId: 't-contract', connectionId, settings: { dataset: 'contract' }, credentials: {}, sql: database.sql });
    return {
      port: connect('conn-contract-a'),
      // Same dataset, another connection: its ids must mean nothing to the first one.
      otherPort: new SandboxCommerceAdapter({ sql: database.sql, dataset: CONTRACT_DATASET, connectionId: 'conn-contract-b' }),
      cleanup: () => database.close(),
    };
  });
}
