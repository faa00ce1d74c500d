import {
  EntityIds,
  NotFoundError,
  ValidationError,
  type CommercePort,
  type Customer,
  type InventoryChange,
  type NewOrder,
  type Order,
  type Page,
  type PageRequest,
  type Product,
  type SqlClient,
} from '@bizosaas/domain';
import { seqAfter, toPage } from '../shared/paging.js';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { CommerceKinds, customerFromRow, orderFromRow, productFromRow } from './sandbox-commerce.mapping.js';
import { MAX_LINE_QUANTITY, placeSandboxOrder } from './sandbox-commerce.order-placement.js';
import { LISTABLE, ORDERS_SELECT, PRODUCTS_SELECT, type Listable } from './sandbox-commerce.queries.js';
import { parseCustomerRow, parseOrderRow, parseProductRow } from './sandbox-commerce.rows.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxCommerceAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

const NAMESPACE = 'COMMERCE';

/**
 * The sandbox shop: a real `CommercePort` over tables in the platform database. Reads are one query
 * each (variants and items aggregated alongside), lists page with opaque cursors, ids are scoped to the
 * connection, and stock changes are atomic and never take inventory below zero.
 */
export class SandboxCommerceAdapter implements CommercePort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxCommerceAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  async listProducts(request: PageRequest): Promise<Page<Product>> {
    const { rows, total } = await this.listRows('products', request);
    return toPage(rows.map(parseProductRow), request.first, total, (row) => productFromRow(row, this.ids));
  }

  getProducts(ids: readonly string[]): Promise<readonly (Product | null)[]> {
    return this.batch(CommerceKinds.Product, 'products', ids, (row) => productFromRow(parseProductRow(row), this.ids));
  }

  async listOrders(request: PageRequest): Promise<Page<Order>> {
    const { rows, total } = await this.listRows('orders', request);
    return toPage(rows.map(parseOrderRow), request.first, total, (row) => orderFromRow(row, this.ids));
  }

  getOrders(ids: readonly string[]): Promise<readonly (Order | null)[]> {
    return this.batch(CommerceKinds.Order, 'orders', ids, (row) => orderFromRow(parseOrderRow(row), this.ids));
  }

  async findOrdersByEmails(emails: readonly string[]): Promise<readonly (readonly Order[])[]> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (wanted.length === 0) return [];
    const { rows } = await this.sql.query(`${ORDERS_SELECT} where o.dataset = $1 and lower(o.email) = any($2::text[]) order by o.created_at desc, o.seq desc`, [
      this.dataset,
      wanted,
    ]);
    const byEmail = new Map<string, Order[]>();
    for (const row of rows) {
      const order = orderFromRow(parseOrderRow(row), this.ids);
      const key = (order.email ?? '').toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), order]);
    }
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? []);
  }

  async createOrder(input: NewOrder): Promise<Order> {
    return this.sql.transaction(async (tx) => {
      const orderId = await placeSandboxOrder(tx, this.dataset, this.ids, input);
      const { rows } = await tx.query(`${ORDERS_SELECT} where o.dataset = $1 and o.id = $2`, [this.dataset, orderId]);
      return orderFromRow(parseOrderRow(rows[0]), this.ids);
    });
  }

  async updateInventory(variantId: string, change: InventoryChange): Promise<Product> {
    const externalId = this.ids.decode(CommerceKinds.ProductVariant, variantId);
    if (externalId === undefined) throw new NotFoundError(CommerceKinds.ProductVariant, variantId, NAMESPACE);
    const { field, amount } = 'set' in change ? { field: 'available', amount: change.set } : { field: 'adjustBy', amount: change.adjustBy };
    if (!Number.isInteger(amount) || Math.abs(amount) > MAX_LINE_QUANTITY * 100) {
      throw new ValidationError([{ field, reason: 'must be a whole number of units' }]);
    }
    if (field === 'available' && amount < 0) throw new ValidationError([{ field, reason: `is ${amount}; stock never goes below zero` }]);
    // One guarded UPDATE: concurrent changes serialise on the row and none can take stock below zero.
    const updated = await this.sql.query(
      field === 'available'
        ? 'update sandbox_commerce_variants set inventory = $3, updated_at = now() where dataset = $1 and id = $2 returning product_id'
        : 'update sandbox_commerce_variants set inventory = inventory + $3, updated_at = now() where dataset = $1 and id = $2 and inventory + $3 >= 0 returning product_id',
      [this.dataset, externalId, amount],
    );
    const productId = updated.rows[0]?.product_id;
    if (typeof productId !== 'string') {
      // Nothing changed: either there is no such variant or the adjustment would go below zero.
      const { rows } = await this.sql.query('select inventory from sandbox_commerce_variants where dataset = $1 and id = $2', [this.dataset, externalId]);
      const current = rows[0]?.inventory;
      if (typeof current !== 'number') throw new NotFoundError(CommerceKinds.ProductVariant, variantId, NAMESPACE);
      throw new ValidationError([{ field, reason: `would take stock from ${current} to ${current + amount}; stock never goes below zero` }]);
    }
    const [product] = await this.getProducts([this.ids.encode(CommerceKinds.Product, productId)]);
    if (product === undefined || product === null) throw new NotFoundError(CommerceKinds.ProductVariant, variantId, NAMESPACE);
    return product;
  }

  async listCustomers(request: PageRequest): Promise<Page<Customer>> {
    const { rows, total } = await this.listRows('customers', request);
    return toPage(rows.map(parseCustomerRow), request.first, total, (row) => customerFromRow(row, this.ids));
  }

  getCustomers(ids: readonly string[]): Promise<readonly (Customer | null)[]> {
    return this.batch(CommerceKinds.Customer, 'customers', ids, (row) => customerFromRow(parseCustomerRow(row), this.ids));
  }

  /** One page plus one row (to learn whether a next page exists) and the total. */
  private async listRows(listable: Listable, request: PageRequest): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const { select, alias, table } = LISTABLE[listable];
    const count = await this.sql.query(`select count(*)::int as total from ${table} where dataset = $1`, [this.dataset]);
    const { rows } = await this.sql.query(`${select} where ${alias}.dataset = $1 and ${alias}.seq > $2::bigint order by ${alias}.seq limit $3`, [
      this.dataset,
      seqAfter(request),
      request.first + 1,
    ]);
    const total = count.rows[0]?.total;
    return { rows, total: typeof total === 'number' ? total : 0 };
  }

  /** Batch read in one query; one slot per requested id, in request order, null for unknown ids. */
  private async batch<T extends { readonly externalId: string }>(kind: string, listable: Listable, ids: readonly string[], toEntity: (row: unknown) => T): Promise<(T | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(kind, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { select, alias } = LISTABLE[listable];
    const { rows } = await this.sql.query(`${select} where ${alias}.dataset = $1 and ${alias}.id = any($2::text[])`, [this.dataset, wanted]);
    const byExternalId = new Map(rows.map((row) => {
      const entity = toEntity(row);
      return [entity.externalId, entity] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byExternalId.get(externalId) ?? null)));
  }
}
