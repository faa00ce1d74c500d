import { describeCmsPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxCmsAdapter } from './sandbox-cms.adapter.js';
import { sandboxCmsConnector } from './sandbox-cms.connector.js';
import { seedSandboxCmsDataset } from './sandbox-cms.seed.js';

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeCmsPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxCmsConnector.migrations ?? []);
    // Seeded content around the contract's own items: the cases must find theirs among others.
    await seedSandboxCmsDataset(database.sql, 'contract', { profile: 'acme' });
    const connect = (connectionId: string) =>
      sandboxCmsConnector.createAdapter({ tenantId: 't-contract', connectionId, settings: { dataset: 'contract' }, credentials: {}, sql: database.sql });
    return {
      port: connect('conn-contract-a'),
      // Same dataset, another connection: its ids must mean nothing to the first one.
      otherPort: new SandboxCmsAdapter({ sql: database.sql, dataset: 'contract', connectionId: 'conn-contract-b' }),
      cleanup: () => database.close(),
    };
  });
}
