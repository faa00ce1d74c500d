import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmMigrations } from './sandbox-crm.migrations.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';

describe('seedSandboxCrmDataset on the embedded PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxCrmMigrations);
  });
  afterAll(() => database.close());

  const count = async (table: string, dataset: string): Promise<number> => {
    const { rows } = await database.sql.query(`select count(*)::int as n from ${table} where dataset = $1`, [dataset]);
    return Number(rows[0]?.n);
  };

  it('seeds once and does nothing the second time', async () => {
    expect(await seedSandboxCrmDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual({ seeded: true, companies: 12, contacts: 40, deals: 60 });
    expect(await seedSandboxCrmDataset(database.sql, 'acme-demo', { profile: 'acme' })).toMatchObject({ seeded: false });
    expect([await count('sandbox_crm_companies', 'acme-demo'), await count('sandbox_crm_contacts', 'acme-demo'), await count('sandbox_crm_deals', 'acme-demo')]).toEqual([12, 40, 60]);
  });

  it('keeps datasets apart and serves the seeded data through the adapter with joins intact', async () => {
    await seedSandboxCrmDataset(database.sql, 'globex-demo', { profile: 'globex' });
    const acme = new SandboxCrmAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
    const globex = new SandboxCrmAdapter({ sql: database.sql, dataset: 'globex-demo', connectionId: 'c-globex' });
    expect((await acme.listPipelines()).map((p) => p.id)).toEqual(['sales']);
    expect((await globex.listPipelines()).map((p) => p.id)).toEqual(['enterprise']);

    const deals = await globex.listDeals({ first: 100 });
    expect(deals.totalCount).toBe(55);
    expect(deals.items.every((item) => item.node.amount?.currency === 'USD')).toBe(true);
    const withContact = deals.items.map((item) => item.node).filter((deal) => deal.contactId !== null);
    const contacts = await globex.getContacts(withContact.map((deal) => deal.contactId ?? ''));
    expect(contacts.every((contact) => contact !== null)).toBe(true);
    expect(contacts.map((contact) => contact?.companyId)).toEqual(withContact.map((deal) => deal.companyId));
  });

  it('leaves a partially filled dataset alone', async () => {
    await database.sql.query(`insert into sandbox_crm_companies (dataset, id, name) values ('hand-made', 'co_x', 'Hand Made Ltd')`);
    expect(await seedSandboxCrmDataset(database.sql, 'hand-made', { profile: 'acme' })).toMatchObject({ seeded: false });
    expect(await count('sandbox_crm_deals', 'hand-made')).toBe(0);
  });
});
