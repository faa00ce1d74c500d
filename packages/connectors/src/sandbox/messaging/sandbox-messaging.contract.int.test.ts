import { describeMessagingPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { sandboxMessagingConnector } from './sandbox-messaging.connector.js';
import { seedSandboxMessagingDataset } from './sandbox-messaging.seed.js';

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeMessagingPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxMessagingConnector.migrations ?? []);
    // Seeded history, so paging and batch reads run over messages the suite did not send.
    await seedSandboxMessagingDataset(database.sql, 'contract', { profile: 'globex' });
    const port = sandboxMessagingConnector.createAdapter({
      tenantId: 't-contract', connectionId: 'conn-contract', settings: { dataset: 'contract' }, credentials: {}, sql: database.sql,
    });
    return { port, recipient: '+13125550142', cleanup: () => database.close() };
  });
}
