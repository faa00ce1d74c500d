import { tenantNamespace } from '@bizosaas/domain';
import { describeBillingPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxBillingAdapter } from './sandbox-billing.adapter.js';
import { sandboxBillingConnector } from './sandbox-billing.connector.js';
import { buildSandboxBillingSeed, seedSandboxBillingDataset } from './sandbox-billing.seed.js';

// The key the connector derives for tenant t-contract's dataset `contract` (seeded directly below).
const CONTRACT_DATASET = tenantNamespace('t-contract', 'contract');

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeBillingPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxBillingConnector.migrations ?? []);
    // The port cannot create invoices or subscriptions: the seed provides them.
    await seedSandboxBillingDataset(database.sql, CONTRACT_DATASET, { profile: 'acme' });
    const knownEmail = buildSandboxBillingSeed('acme').invoices[0]?.customerEmail;
    if (knownEmail === undefined) throw new Error('the acme billing seed has invoices');
    const connect = (connectionId: string) =>
      sandboxBillingConnector.createAdapter({ tenantId: 't-contract', connectionId, settings: { dataset: 'contract' }, credentials: {}, sql: database.sql });
    return {
      port: connect('conn-contract-a'),
      // Same dataset, another connection: its ids must mean nothing to the first one.
      otherPort: new SandboxBillingAdapter({ sql: database.sql, dataset: CONTRACT_DATASET, connectionId: 'conn-contract-b' }),
      knownEmail,
      cleanup: () => database.close(),
    };
  });
}
