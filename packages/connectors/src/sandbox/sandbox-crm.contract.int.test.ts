import { describeCrmPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase } from '../../test/pglite-sql-client.js';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmConnector } from './sandbox-crm.connector.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';

describeCrmPortContract('sandbox on PGlite', async () => {
  const database = await createTestDatabase();
  await database.migrate(sandboxCrmConnector.migrations ?? []);
  // The seed provides the pipeline (and the companies the port cannot create); the contract adds the rest.
  await seedSandboxCrmDataset(database.sql, 'contract', { profile: 'acme' });
  const connect = (connectionId: string) =>
    sandboxCrmConnector.createAdapter({ tenantId: 't-contract', connectionId, settings: { dataset: 'contract' }, credentials: {}, sql: database.sql });
  return {
    port: connect('conn-contract-a'),
    // Same dataset, another connection: its ids must mean nothing to the first one.
    otherPort: new SandboxCrmAdapter({ sql: database.sql, dataset: 'contract', connectionId: 'conn-contract-b' }),
    cleanup: () => database.close(),
  };
});
