import type { CommercePort } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commercePortContractCases } from '@bizosaas/domain/testing';
import type { CommercePortContractEnv } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceMigrations } from './sandbox-commerce.migrations.js';
import { seedSandboxCommerceDataset } from './sandbox-commerce.seed.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = commercePortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

/** A port that delegates to a working adapter except for the methods in `overrides`. */
function delegating(inner: CommercePort, overrides: Partial<CommercePort>): CommercePort {
  return {
    provider: inner.provider,
    listProducts: overrides.listProducts ?? ((r) => inner.listProducts(r)),
    getProducts: overrides.getProducts ?? ((ids) => inner.getProducts(ids)),
    listOrders: overrides.listOrders ?? ((r) => inner.listOrders(r)),
    getOrders: overrides.getOrders ?? ((ids) => inner.getOrders(ids)),
    findOrdersByEmails: overrides.findOrdersByEmails ?? ((emails) => inner.findOrdersByEmails(emails)),
    createOrder: overrides.createOrder ?? ((input) => inner.createOrder(input)),
    updateInventory: overrides.updateInventory ?? ((id, change) => inner.updateInventory(id, change)),
    listCustomers: overrides.listCustomers ?? ((r) => inner.listCustomers(r)),
    getCustomers: overrides.getCustomers ?? ((ids) => inner.getCustomers(ids)),
  };
}

describe('the commerce port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxCommerceAdapter;
  const envFor = (port: CommercePort, label: string): CommercePortContractEnv => ({
    port,
    nonce: `breakage-${label}-${Math.random().toString(36).slice(2, 8)}`,
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxCommerceMigrations);
    await seedSandboxCommerceDataset(database.sql, 'breakage', { profile: 'globex' });
    sandbox = new SandboxCommerceAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
  });
  afterAll(() => database.close());

  it('passes the working adapter through the same cases (the fakes below are the only difference)', async () => {
    for (const fragment of ['more than the stock', 'findOrdersByEmails', 'getProducts answers', 'never goes below zero']) await caseNamed(fragment).run(envFor(sandbox, 'ok'));
  });

  it('fails an order that takes stock line by line and stops at the first short line', async () => {
    const piecemeal = delegating(sandbox, {
      createOrder: async (input) => {
        for (const item of input.items) await sandbox.createOrder({ ...input, items: [item] });
        throw new Error('unreachable in the case: the second line is short');
      },
    });
    await expect(caseNamed('more than the stock').run(envFor(piecemeal, 'atomic'))).rejects.toThrow();
  });

  it('fails an email lookup that is case-sensitive', async () => {
    const exact = delegating(sandbox, {
      findOrdersByEmails: async (emails) => {
        const slots = await sandbox.findOrdersByEmails(emails);
        return slots.map((orders, i) => orders.filter((o) => o.email === emails[i]));
      },
    });
    await expect(caseNamed('findOrdersByEmails').run(envFor(exact, 'case'))).rejects.toThrow();
  });

  it('fails a batch read that drops duplicated ids', async () => {
    const deduplicating = delegating(sandbox, { getProducts: (ids) => sandbox.getProducts([...new Set(ids)]) });
    await expect(caseNamed('getProducts answers').run(envFor(deduplicating, 'dup'))).rejects.toThrow();
  });

  it('fails an adjustment that clamps at zero instead of refusing', async () => {
    const clamping = delegating(sandbox, {
      updateInventory: async (id, change) => {
        try {
          return await sandbox.updateInventory(id, change);
        } catch {
          return sandbox.updateInventory(id, { set: 0 });
        }
      },
    });
    await expect(caseNamed('never goes below zero').run(envFor(clamping, 'clamp'))).rejects.toThrow();
  });
});
