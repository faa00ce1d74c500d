import { tenantNamespace } from '@bizosaas/domain';
import { describeAnalyticsPortContract } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestEngine } from '../../../test/test-database.js';
import { sandboxAnalyticsConnector } from './sandbox-analytics.connector.js';
import { seedSandboxAnalyticsDataset } from './sandbox-analytics.seed.js';

// The key the connector derives for tenant t-contract's dataset `contract` (seeded directly below).
const CONTRACT_DATASET = tenantNamespace('t-contract', 'contract');

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describeAnalyticsPortContract(`sandbox on ${engine}`, async () => {
    const database = await createTestDatabase(engine);
    await database.migrate(sandboxAnalyticsConnector.migrations ?? []);
    await seedSandboxAnalyticsDataset(database.sql, CONTRACT_DATASET, { profile: 'globex' });
    return {
      port: sandboxAnalyticsConnector.createAdapter({ tenantId: 't-contract', connectionId: 'conn-contract', settings: { dataset: 'contract' }, credentials: {}, sql: database.sql }),
      // Globex's "About" page has traffic every day of the seeded 120 days; a month of it is plenty.
      known: { pagePath: '/pages/about-globex-industrial', startDate: '2026-10-01', endDate: '2026-10-31' },
      cleanup: () => database.close(),
    };
  });
}
