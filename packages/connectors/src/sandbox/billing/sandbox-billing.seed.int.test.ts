import { tenantNamespace } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxBillingAdapter } from './sandbox-billing.adapter.js';
import { sandboxBillingConnector } from './sandbox-billing.connector.js';
import { sandboxBillingMigrations } from './sandbox-billing.migrations.js';
import { buildSandboxBillingSeed, seedSandboxBillingDataset } from './sandbox-billing.seed.js';

describe('seedSandboxBillingDataset on the embedded PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxBillingMigrations);
  });
  afterAll(() => database.close());

  it('seeds once through prepare and does nothing the second time', async () => {
    const data = buildSandboxBillingSeed('globex');
    const context = { tenantId: 't', connectionId: 'c-globex', settings: { dataset: 'globex-demo', profile: 'globex' }, credentials: {}, sql: database.sql };
    await sandboxBillingConnector.prepare?.(context);
    expect(await seedSandboxBillingDataset(database.sql, tenantNamespace('t', 'globex-demo'), { profile: 'globex' })).toEqual({ seeded: false, subscriptions: 0, invoices: 0 });
    const billing = new SandboxBillingAdapter({ sql: database.sql, dataset: tenantNamespace('t', 'globex-demo'), connectionId: 'c-globex' });
    expect((await billing.listInvoices({ first: 1 })).totalCount).toBe(data.invoices.length);
    expect((await billing.listSubscriptions({ first: 1 })).totalCount).toBe(data.subscriptions.length);
  });

  it('finds each subscriber\'s invoices newest first, and keeps datasets apart', async () => {
    await seedSandboxBillingDataset(database.sql, 'acme-demo', { profile: 'acme' });
    const acme = new SandboxBillingAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
    const emails = [...new Set(buildSandboxBillingSeed('acme').subscriptions.map((s) => s.customerEmail))];
    const slots = await acme.findInvoicesByEmails(emails);
    expect(slots.every((slot) => slot.length > 0)).toBe(true);
    for (const slot of slots) {
      const times = slot.map((i) => i.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(slot.every((i) => i.total.currency === 'EUR')).toBe(true);
    }
    const globex = new SandboxBillingAdapter({ sql: database.sql, dataset: 'globex-demo', connectionId: 'c-globex' });
    expect(await globex.findInvoicesByEmails(emails.slice(0, 3))).toEqual([[], [], []]);
  });

  it('cancels at period end, then immediately, and refuses an id of another dataset\'s connection', async () => {
    const acme = new SandboxBillingAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
    const active = (await acme.listSubscriptions({ first: 100 })).items.map((i) => i.node).find((s) => s.status === 'active' && !s.cancelAtPeriodEnd);
    if (active === undefined) throw new Error('the acme seed has active subscriptions');
    expect(await acme.cancelSubscription(active.id)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect(await acme.cancelSubscription(active.id, { immediately: true })).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: false });
    const before = (await acme.getSubscriptions([active.id]))[0];
    expect(await acme.cancelSubscription(active.id)).toEqual(before);
    const globex = new SandboxBillingAdapter({ sql: database.sql, dataset: 'globex-demo', connectionId: 'c-globex' });
    await expect(globex.cancelSubscription(active.id)).rejects.toMatchObject({ name: 'NotFoundError', code: 'BILLING.SUBSCRIPTION_NOT_FOUND' });
  });
});
