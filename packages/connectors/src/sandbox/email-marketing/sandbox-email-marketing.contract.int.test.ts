import { tenantNamespace } from '@bizosaas/domain';
import { describeEmailMarketingPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { sandboxEmailMarketingConnector } from './sandbox-email-marketing.connector.js';
import { seedSandboxEmailMarketingDataset } from './sandbox-email-marketing.seed.js';

// The key the connector derives for tenant t-contract's dataset `contract` (seeded directly below).
const CONTRACT_DATASET = tenantNamespace('t-contract', 'contract');

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeEmailMarketingPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxEmailMarketingConnector.migrations ?? []);
    // The seed provides the audiences (the port cannot create them); the contract adds the rest.
    await seedSandboxEmailMarketingDataset(database.sql, CONTRACT_DATASET, { profile: 'acme' });
    const port = sandboxEmailMarketingConnector.createAdapter({
      tenantId: 't-contract', connectionId: 'conn-contract', settings: { dataset: 'contract' }, credentials: {}, sql: database.sql,
    });
    const first = (await port.listCampaigns({ first: 1 })).items[0]?.node;
    if (first === undefined) throw new Error('the acme seed has no campaigns');
    return { port, audienceId: first.audienceId, cleanup: () => database.close() };
  });
}
