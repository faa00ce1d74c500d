import { tenantNamespace } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCrmAdapter } from '../crm/sandbox-crm.adapter.js';
import { sandboxCrmMigrations } from '../crm/sandbox-crm.migrations.js';
import { seedSandboxCrmDataset } from '../crm/sandbox-crm.seed.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceConnector } from './sandbox-commerce.connector.js';
import { sandboxCommerceMigrations } from './sandbox-commerce.migrations.js';
import { buildSandboxCommerceSeed, seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

describe('seedSandboxCommerceDataset on the embedded PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate([...sandboxCrmMigrations, ...sandboxCommerceMigrations]);
  });
  afterAll(() => database.close());

  it('seeds once and does nothing the second time', async () => {
    const data = buildSandboxCommerceSeed('acme');
    const expected = { seeded: true, products: data.products.length, customers: data.customers.length, orders: data.orders.length };
    expect(await seedSandboxCommerceDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual(expected);
    expect(await seedSandboxCommerceDataset(database.sql, 'acme-demo', { profile: 'acme' })).toMatchObject({ seeded: false });
    const shop = new SandboxCommerceAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
    expect((await shop.listOrders({ first: 1 })).totalCount).toBe(data.orders.length);
    expect((await shop.listProducts({ first: 1 })).totalCount).toBe(data.products.length);
  });

  it('joins to the CRM: most CRM contacts of the same profile have orders under their email', async () => {
    await seedSandboxCrmDataset(database.sql, tenantNamespace('t', 'globex-demo'), { profile: 'globex' });
    await sandboxCommerceConnector.prepare?.({ tenantId: 't', connectionId: 'c-globex', settings: { dataset: 'globex-demo', profile: 'globex' }, credentials: {}, sql: database.sql });
    const crm = new SandboxCrmAdapter({ sql: database.sql, dataset: tenantNamespace('t', 'globex-demo'), connectionId: 'c-crm' });
    const shop = new SandboxCommerceAdapter({ sql: database.sql, dataset: tenantNamespace('t', 'globex-demo'), connectionId: 'c-globex' });
    const emails = (await crm.listContacts({ first: 100 })).items.map((item) => item.node.email);
    const orders = await shop.findOrdersByEmails(emails);
    const withOrders = orders.filter((slot) => slot.length > 0).length;
    expect(withOrders / emails.length).toBeGreaterThan(0.45);
    for (const [i, slot] of orders.entries()) {
      for (const order of slot) expect(order.email?.toLowerCase()).toBe(emails[i]?.toLowerCase());
      // Newest first within a slot.
      const times = slot.map((o) => o.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    const linked = orders.flat()[0];
    expect(linked?.customerId).not.toBeNull();
    expect((await shop.getCustomers([linked?.customerId ?? '']))[0]?.email).toBe(linked?.email);
  });

  it('leaves a partially filled dataset alone', async () => {
    await database.sql.query(`insert into sandbox_commerce_products (dataset, id, title) values ('hand-made', 'pr_x', 'Hand made')`);
    expect(await seedSandboxCommerceDataset(database.sql, 'hand-made', { profile: 'acme' })).toMatchObject({ seeded: false });
    const { rows } = await database.sql.query(`select count(*)::int as n from sandbox_commerce_orders where dataset = 'hand-made'`);
    expect(rows[0]?.n).toBe(0);
  });
});
