import { CommerceEventTypes, NotFoundError, UndecidableWriteError, type CommercePort, type CommerceWriteOptions, type DomainEvent, type InventoryChange, type IntentResolver, type Order, type PendingIntent, type Product } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { CommerceIntents, createCommerceIntentResolvers } from './commerce.intents.js';

const HOUR = 60 * 60 * 1000;
const base = (id: string, createdAt = new Date()) => ({ id, externalId: id, source: { provider: 'fake', connectionId: 'con_1' }, createdAt, updatedAt: createdAt });
const eur = (amount: string) => ({ amount, currency: 'EUR' });

function order(id: string, lines: [string, number][], createdAt?: Date): Order {
  const items = lines.map(([variantId, quantity]) => ({ productId: 'p1', variantId, title: variantId, quantity, unitPrice: eur('1.00'), total: eur(`${quantity}.00`) }));
  return { ...base(id, createdAt), number: `#${id}`, customerId: null, email: 'buyer@example.org', items, subtotal: eur('3.00'), total: eur('3.00'), financialStatus: 'pending', fulfillmentStatus: 'unfulfilled' };
}

/** A shop with `orders`; stock writes are recorded and answer a product with the level asked for. */
function fakeShop(orders: Order[], options: { honoursIdempotencyKeys?: boolean; knownVariants?: string[] } = {}) {
  const writes: { variantId: string; change: InventoryChange; key: string | undefined }[] = [];
  const port = {
    provider: 'fakeshop',
    honoursIdempotencyKeys: options.honoursIdempotencyKeys ?? false,
    async findOrdersByEmails(emails: readonly string[]) {
      return emails.map((email) => orders.filter((o) => o.email === email));
    },
    async updateInventory(variantId: string, change: InventoryChange, write: CommerceWriteOptions = {}) {
      writes.push({ variantId, change, key: write.idempotencyKey });
      if (!(options.knownVariants ?? ['v1']).includes(variantId)) throw new NotFoundError('ProductVariant', variantId, 'COMMERCE');
      const level = 'set' in change ? change.set : 10 + change.adjustBy;
      return { ...base('p1'), variants: [{ id: variantId, inventory: level }] } as unknown as Product;
    },
  };
  return { port: port as unknown as CommercePort, writes };
}

function settleWith(port: CommercePort) {
  const resolvers = new Map(createCommerceIntentResolvers({ commercePortFor: async () => port }).map((r) => [r.operation, r]));
  return async (operation: string, input: Record<string, unknown>) => {
    const events: DomainEvent[] = [];
    const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation, input: { correlationId: 'req_1', ...input }, idempotencyKey: 'bizosaas-intent-int_1', createdAt: new Date() };
    const outcome = await (resolvers.get(operation) as IntentResolver).resolve(intent, (event) => events.push(event));
    return { outcome, events };
  };
}

describe('commerce intent resolvers', () => {
  it('finds a placed order among the buyer\'s orders by currency and lines, in any order, created since the intent', async () => {
    const old = order('o1', [['v1', 2], ['v2', 1]], new Date(Date.now() - 3 * HOUR));
    const placed = order('o2', [['v2', 1], ['v1', 2]]);
    const settle = settleWith(fakeShop([old, placed]).port);
    const input = { email: 'buyer@example.org', currency: 'EUR', items: [{ variantId: 'v1', quantity: 2 }, { variantId: 'v2', quantity: 1 }] };
    const found = await settle(CommerceIntents.CreateOrder, input);
    expect(found.outcome).toBe('took_effect');
    expect(found.events).toEqual([expect.objectContaining({ type: CommerceEventTypes.OrderCreated, correlationId: 'req_1', payload: { orderId: 'o2', number: '#o2', email: 'buyer@example.org', total: eur('3.00') } })]);
    expect((await settle(CommerceIntents.CreateOrder, { ...input, items: [{ variantId: 'v1', quantity: 3 }, { variantId: 'v2', quantity: 1 }] })).outcome).toBe('no_effect');
    expect((await settle(CommerceIntents.CreateOrder, { ...input, currency: 'USD' })).outcome).toBe('no_effect');
  });

  it('re-sends a stock change with the intent\'s key where the shop honours keys, and an absolute level anywhere', async () => {
    const keyed = fakeShop([], { honoursIdempotencyKeys: true });
    const adjusted = await settleWith(keyed.port)(CommerceIntents.UpdateInventory, { variantId: 'v1', change: { adjustBy: -3 } });
    expect(adjusted.events).toEqual([expect.objectContaining({ type: CommerceEventTypes.InventoryChanged, payload: { productId: 'p1', variantId: 'v1', available: 7 } })]);
    expect(keyed.writes).toEqual([{ variantId: 'v1', change: { adjustBy: -3 }, key: 'bizosaas-intent-int_1' }]);
    const plain = fakeShop([]);
    expect((await settleWith(plain.port)(CommerceIntents.UpdateInventory, { variantId: 'v1', change: { set: 4 } })).outcome).toBe('took_effect');
    expect(plain.writes.map((w) => w.change)).toEqual([{ set: 4 }]);
  });

  it('sets a relative change aside for a person where the shop takes no key, and settles an unknown variant as no effect', async () => {
    const plain = fakeShop([]);
    const settle = settleWith(plain.port);
    const unsure = settle(CommerceIntents.UpdateInventory, { variantId: 'v1', change: { adjustBy: 2 } });
    await expect(unsure).rejects.toBeInstanceOf(UndecidableWriteError);
    await expect(unsure).rejects.toThrow(/check the level/);
    expect(plain.writes).toEqual([]);
    expect(await settle(CommerceIntents.UpdateInventory, { variantId: 'gone', change: { set: 1 } })).toEqual({ outcome: 'no_effect', events: [] });
  });
});
