import {
  orNotFound,
  pageRequest,
  parseEmail,
  Violations,
  type CommercePort,
  type Customer,
  type OutboxPort,
  type InventoryChange,
  type NewOrder,
  type Order,
  type Page,
  type Product,
} from '@bizosaas/domain';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import { CommerceIntents, inventoryChanged, orderCreated } from './commerce.intents.js';
import type { CommerceLoaders } from './commerce.loaders.js';

const MAX_ORDER_LINES = 100;

/**
 * The shop's application service: order and inventory rules checked before the port is called, the
 * atomic stock decrement left to the port (one transaction or one vendor call), OrderCreated and
 * InventoryChanged committed with the change through the outbox. One per request.
 */
export class CommerceService {
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: CommercePort,
    private readonly loaders: CommerceLoaders,
    outbox: OutboxPort,
    private readonly identity: ContextClaims,
  ) {
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async product(id: string): Promise<Product> {
    return orNotFound(await this.loaders.products.load(id), 'Product', id, 'COMMERCE');
  }

  async order(id: string): Promise<Order> {
    return orNotFound(await this.loaders.orders.load(id), 'Order', id, 'COMMERCE');
  }

  async customer(id: string): Promise<Customer> {
    return orNotFound(await this.loaders.customers.load(id), 'Customer', id, 'COMMERCE');
  }

  findProduct(id: string): Promise<Product | null> {
    return this.loaders.products.load(id);
  }

  findOrder(id: string): Promise<Order | null> {
    return this.loaders.orders.load(id);
  }

  findCustomer(id: string): Promise<Customer | null> {
    return this.loaders.customers.load(id);
  }

  ordersOf(email: string): Promise<readonly Order[]> {
    return this.loaders.ordersByEmail.load(email);
  }

  products(first: number, after?: string | null): Promise<Page<Product>> {
    return this.port.listProducts(pageRequest(first, after));
  }

  orders(first: number, after?: string | null): Promise<Page<Order>> {
    return this.port.listOrders(pageRequest(first, after));
  }

  customers(first: number, after?: string | null): Promise<Page<Customer>> {
    return this.port.listCustomers(pageRequest(first, after));
  }

  /** Checks the order's shape, then lets the port check stock and currency and write it atomically. */
  async createOrder(input: NewOrder): Promise<Order> {
    requireRole(this.identity, WRITE_ROLES, 'COMMERCE', 'Placing orders');
    const v = new Violations();
    const email = v.collect(() => parseEmail(input.email, 'input.email'));
    if (!/^[A-Z]{3}$/.test(input.currency)) v.add('input.currency', `must be an ISO 4217 currency code such as "EUR" (got "${input.currency}")`);
    if (input.items.length < 1 || input.items.length > MAX_ORDER_LINES) v.add('input.items', `must have 1 to ${MAX_ORDER_LINES} lines (got ${input.items.length})`);
    const seen = new Set<string>();
    for (const [i, item] of input.items.entries()) {
      if (!Number.isInteger(item.quantity) || item.quantity < 1) v.add(`input.items[${i}].quantity`, `must be a whole number of at least 1 (got ${item.quantity})`);
      if (seen.has(item.variantId)) v.add(`input.items[${i}].variantId`, 'appears twice; put the whole quantity on one line');
      seen.add(item.variantId);
    }
    v.throwIfAny();
    const placed = { ...input, email: email ?? input.email };
    const fingerprint = { email: placed.email, currency: input.currency, items: input.items.map((item) => ({ variantId: item.variantId, quantity: item.quantity })) };
    const order = await this.writes.commit(CommerceIntents.CreateOrder, fingerprint, async (record, idempotencyKey) => {
      const created = await this.port.createOrder(placed, { idempotencyKey });
      record(orderCreated(created, this.writes.meta));
      return created;
    });
    this.loaders.orders.prime(order.id, order);
    // Stock changed: what this request read of the products is stale now.
    this.loaders.products.clearAll();
    this.loaders.ordersByEmail.clearAll();
    return order;
  }

  /** Exactly one of `set` and `adjustBy`; the port refuses a result below zero and changes nothing. */
  async updateInventory(variantId: string, set: number | null | undefined, adjustBy: number | null | undefined): Promise<Product> {
    requireRole(this.identity, WRITE_ROLES, 'COMMERCE', 'Changing inventory');
    const v = new Violations();
    const hasSet = set !== null && set !== undefined;
    const hasAdjust = adjustBy !== null && adjustBy !== undefined;
    if (hasSet === hasAdjust) v.add('set', 'give exactly one of set and adjustBy');
    if (hasSet && (!Number.isInteger(set) || set < 0)) v.add('set', `must be a whole number of at least 0 (got ${set})`);
    if (hasAdjust && (!Number.isInteger(adjustBy) || adjustBy === 0)) v.add('adjustBy', `must be a non-zero whole number (got ${adjustBy})`);
    v.throwIfAny();
    const change: InventoryChange = hasSet ? { set: set } : { adjustBy: adjustBy ?? 0 };
    const product = await this.writes.commit(CommerceIntents.UpdateInventory, { variantId, change }, async (record, idempotencyKey) => {
      const changed = await this.port.updateInventory(variantId, change, { idempotencyKey });
      record(inventoryChanged(changed, variantId, this.writes.meta));
      return changed;
    });
    this.loaders.products.clear(product.id).prime(product.id, product);
    return product;
  }
}
