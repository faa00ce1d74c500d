import { ValidationError } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestEngine } from '../../../test/test-database.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceMigrations } from './sandbox-commerce.migrations.js';
import { buildSandboxCommerceSeed, seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

const seed = buildSandboxCommerceSeed('globex');

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

for (const engine of ['embedded', 'postgres'] satisfies TestEngine[]) {
  describe(`sandbox commerce orders on ${engine}`, () => {
    let database: TestDatabase;
    let shop: SandboxCommerceAdapter;
    const count = async (sql: string, params: unknown[]): Promise<number> => Number((await database.sql.query(sql, params)).rows[0]?.n);
    const ordersFor = (email: string) => count('select count(*)::int as n from sandbox_commerce_orders where dataset = $1 and email = $2', ['orders', email]);

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await database.migrate(sandboxCommerceMigrations);
      await seedSandboxCommerceDataset(database.sql, 'orders', { profile: 'globex' });
      shop = new SandboxCommerceAdapter({ sql: database.sql, dataset: 'orders', connectionId: 'conn-orders' });
    });
    afterAll(() => database.close());

    /** The bearing variants (deep stock, USD) as canonical ids. */
    async function bearings(): Promise<[string, string]> {
      const products = await shop.listProducts({ first: 100 });
      const bearing = products.items.map((i) => i.node).find((p) => p.title.startsWith('Deep groove'));
      const [open, sealed] = bearing?.variants ?? [];
      if (open === undefined || sealed === undefined) throw new Error('the globex seed sells two bearing variants');
      return [open.id, sealed.id];
    }

    it('continues the order numbers after the seeded orders and links a known customer by email, case-insensitively', async () => {
      const [open] = await bearings();
      const customer = seed.customers[0];
      if (customer === undefined) throw new Error('the seed has customers');
      const order = await shop.createOrder({ email: customer.email.toUpperCase().replace(/@.*$/, (domain) => domain.toLowerCase()), currency: 'USD', items: [{ variantId: open, quantity: 2 }] });
      expect(order.number).toBe(`#${1001 + seed.orders.length}`);
      expect((await shop.getCustomers([order.customerId ?? '']))[0]?.email).toBe(customer.email);
      const guest = await shop.createOrder({ email: 'guest@walk-in.example', currency: 'USD', items: [{ variantId: open, quantity: 1 }] });
      expect(guest).toMatchObject({ number: `#${1002 + seed.orders.length}`, customerId: null });
    });

    it('reports every violation at once and writes nothing: no order, no stock change, no order number used', async () => {
      const [open, sealed] = await bearings();
      await shop.updateInventory(open, { set: 3 });
      await shop.updateInventory(sealed, { set: 3 });
      const error = await rejection(
        shop.createOrder({
          email: 'not-an-email',
          currency: 'EUR',
          items: [{ variantId: open, quantity: 2 }, { variantId: 'bogus', quantity: 1 }, { variantId: sealed, quantity: 1.5 }, { variantId: open, quantity: 2 }],
        }),
      );
      expect(error.violations.map((v) => v.field)).toEqual(['email', 'items[2].quantity', 'currency', 'items[1].variantId', 'items[3].quantity']);
      expect(error.violations.find((v) => v.field === 'currency')?.reason).toMatch(/EUR.*USD/);
      // The second line of the same variant sees what the first one took: 3 - 2 = 1 left.
      expect(error.violations.find((v) => v.field === 'items[3].quantity')?.reason).toContain('only 1 of');
      expect((await shop.getProducts([(await shop.listProducts({ first: 100 })).items.find((i) => i.node.variants.some((v) => v.id === open))?.node.id ?? '']))[0]?.variants.map((v) => v.inventory)).toEqual([3, 3]);
      const next = await shop.createOrder({ email: 'after@failure.example', currency: 'USD', items: [{ variantId: open, quantity: 3 }] });
      expect(next.number).toBe(`#${1003 + seed.orders.length}`);
    });

    it('rolls back the stock taken by earlier lines when a later line fails', async () => {
      const [open, sealed] = await bearings();
      await shop.updateInventory(open, { set: 10 });
      await shop.updateInventory(sealed, { set: 1 });
      await rejection(shop.createOrder({ email: 'rollback@test.example', currency: 'USD', items: [{ variantId: open, quantity: 4 }, { variantId: sealed, quantity: 2 }] }));
      const product = await shop.updateInventory(open, { adjustBy: 0 });
      expect(product.variants.map((v) => v.inventory)).toEqual([10, 1]);
      expect(await ordersFor('rollback@test.example')).toBe(0);
    });

    it('lets exactly one of two orders racing for the last unit win', async () => {
      const [, sealed] = await bearings();
      await shop.updateInventory(sealed, { set: 1 });
      const other = new SandboxCommerceAdapter({ sql: database.sql, dataset: 'orders', connectionId: 'conn-orders' });
      const results = await Promise.allSettled([
        shop.createOrder({ email: 'racer-a@test.example', currency: 'USD', items: [{ variantId: sealed, quantity: 1 }] }),
        other.createOrder({ email: 'racer-b@test.example', currency: 'USD', items: [{ variantId: sealed, quantity: 1 }] }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.status === 'rejected' ? lost.reason : undefined).toMatchObject({ violations: [{ field: 'items[0].quantity', reason: expect.stringContaining('only 0 of') }] });
      expect((await ordersFor('racer-a@test.example')) + (await ordersFor('racer-b@test.example'))).toBe(1);
      expect((await shop.updateInventory(sealed, { adjustBy: 0 })).variants.map((v) => v.inventory)[1]).toBe(0);
    });

    it('never takes stock below zero under concurrent adjustments', async () => {
      const [open] = await bearings();
      await shop.updateInventory(open, { set: 3 });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => shop.updateInventory(open, { adjustBy: -1 })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(results.filter((r) => r.status === 'rejected').every((r) => r.status === 'rejected' && r.reason instanceof ValidationError)).toBe(true);
      expect((await shop.updateInventory(open, { adjustBy: 0 })).variants[0]?.inventory).toBe(0);
    });
  });
}
