import { expect } from 'vitest';
import { EntityIds } from '../shared/entity.js';
import { expectNotFoundError, idsOf, MALFORMED_ID, unknownId, walkPages } from './crm-port.contract-helpers.js';
import { expectValidationError, setStock, stockedVariants, stockOf, type CommercePortContractCase } from './commerce-port.contract-helpers.js';

/** Products, variants and stock levels. */
export const catalogueCases: readonly CommercePortContractCase[] = [
  {
    name: 'getProducts answers slots in request order with duplicates, null for unknown, wrong-kind, foreign and malformed ids',
    async run(env) {
      const [first, second] = await walkPages(50, (request) => env.port.listProducts(request));
      if (first === undefined || second === undefined) throw new Error('the commerce contract needs at least two seeded products');
      const connectionId = first.source.connectionId;
      // The same record minted for another connection must mean nothing here (tenant isolation).
      const foreign = new EntityIds(`${connectionId}-elsewhere`).encode('Product', first.externalId);
      const wrongKind = first.variants[0]?.id ?? MALFORMED_ID;
      const slots = await env.port.getProducts([second.id, unknownId('Product', connectionId), first.id, foreign, wrongKind, MALFORMED_ID, second.id]);
      expect(idsOf(slots)).toEqual([second.id, null, first.id, null, null, null, second.id]);
      expect(slots[0]).toMatchObject({ title: second.title, externalId: second.externalId, status: second.status, source: { provider: env.port.provider } });
      expect(slots[2]?.variants.map((v) => v.id)).toEqual(first.variants.map((v) => v.id));
      expect(slots[2]?.variants[0]?.price).toEqual(first.variants[0]?.price);
      expect(await env.port.getProducts([])).toEqual([]);
    },
  },
  {
    name: 'listProducts pages every product exactly once, in the same order whatever the page size',
    async run(env) {
      const byTwo = await walkPages(2, (request) => env.port.listProducts(request));
      const ids = byTwo.map((p) => p.id);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ids).size).toBe(ids.length);
      const byMany = await walkPages(100, (request) => env.port.listProducts(request));
      expect(byMany.map((p) => p.id)).toEqual(ids);
      const firstPage = await env.port.listProducts({ first: 1 });
      if (firstPage.totalCount !== null) expect(firstPage.totalCount).toBe(ids.length);
      for (const product of byTwo) {
        for (const variant of product.variants) {
          expect(variant.price.amount).toMatch(/^-?\d+(\.\d+)?$/);
          if (variant.inventory !== null) expect(variant.inventory).toBeGreaterThanOrEqual(0);
        }
      }
    },
  },
  {
    name: 'updateInventory sets and adjusts a level and returns the product with the new level',
    async run(env) {
      const [item] = await stockedVariants(env.port, 1);
      if (item === undefined) throw new Error('unreachable');
      const set = await env.port.updateInventory(item.variant.id, { set: 7 });
      expect(set.id).toBe(item.product.id);
      expect(set.variants.find((v) => v.id === item.variant.id)?.inventory).toBe(7);
      const down = await env.port.updateInventory(item.variant.id, { adjustBy: -2 });
      expect(down.variants.find((v) => v.id === item.variant.id)?.inventory).toBe(5);
      const up = await env.port.updateInventory(item.variant.id, { adjustBy: 3 });
      expect(up.variants.find((v) => v.id === item.variant.id)?.inventory).toBe(8);
      expect(await stockOf(env.port, item)).toBe(8);
      // Down to exactly zero is allowed.
      const empty = await env.port.updateInventory(item.variant.id, { adjustBy: -8 });
      expect(empty.variants.find((v) => v.id === item.variant.id)?.inventory).toBe(0);
    },
  },
  {
    name: 'updateInventory never goes below zero: ValidationError naming available or adjustBy, and nothing changes',
    async run(env) {
      const [item] = await stockedVariants(env.port, 1);
      if (item === undefined) throw new Error('unreachable');
      await setStock(env.port, item.variant.id, 2);
      await expectValidationError(env.port.updateInventory(item.variant.id, { adjustBy: -3 }), ['adjustBy']);
      expect(await stockOf(env.port, item)).toBe(2);
      await expectValidationError(env.port.updateInventory(item.variant.id, { set: -1 }), ['available']);
      expect(await stockOf(env.port, item)).toBe(2);
    },
  },
  {
    name: 'updateInventory on an unknown, wrong-kind or malformed variant id raises NotFoundError',
    async run(env) {
      const [item] = await stockedVariants(env.port, 1);
      if (item === undefined) throw new Error('unreachable');
      await expectNotFoundError(env.port.updateInventory(unknownId('ProductVariant', item.product.source.connectionId), { set: 1 }));
      await expectNotFoundError(env.port.updateInventory(item.product.id, { adjustBy: 1 }));
      await expectNotFoundError(env.port.updateInventory(MALFORMED_ID, { set: 1 }));
    },
  },
];
