import type { Page, PageRequest } from '../shared/page.js';
import type { Customer, InventoryChange, NewOrder, Order, Product } from './commerce.entities.js';

/** Options of a shop write. */
export interface CommerceWriteOptions {
  /**
   * An outbox intent's key. Where the provider honours idempotency keys (`honoursIdempotencyKeys`), the
   * same key sent again never repeats the write, so a write whose outcome a crash hid can be re-sent.
   * Other adapters ignore it.
   */
  readonly idempotencyKey?: string | undefined;
}

/**
 * A tenant's shop (Shopify, WooCommerce, sandbox).
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`).
 */
export interface CommercePort {
  readonly provider: string;
  /** True when the provider honours `CommerceWriteOptions.idempotencyKey` (Shopify's `@idempotent`). */
  readonly honoursIdempotencyKeys?: boolean;
  listProducts(request: PageRequest): Promise<Page<Product>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getProducts(ids: readonly string[]): Promise<readonly (Product | null)[]>;
  listOrders(request: PageRequest): Promise<Page<Order>>;
  /** Batch read; same contract as `getProducts`. */
  getOrders(ids: readonly string[]): Promise<readonly (Order | null)[]>;
  /** Every order placed with each email: one slot per email, in request order. One upstream call per batch. */
  findOrdersByEmails(emails: readonly string[]): Promise<readonly (readonly Order[])[]>;
  /**
   * Places an order and decrements inventory in one atomic step: all items or nothing. Raises
   * `ValidationError` naming `items[i].quantity` when stock is short, `items[i].variantId` for an unknown
   * variant and `currency` when a variant is priced in another currency, leaving inventory unchanged.
   */
  createOrder(input: NewOrder, options?: CommerceWriteOptions): Promise<Order>;
  /**
   * Changes a variant's stock, atomically: `{ set: n }` sets it, `{ adjustBy: d }` adds d (negative to
   * remove). Never goes below zero: raises `ValidationError` (field `available` or `adjustBy`) and changes
   * nothing when the result would be negative. Raises `NotFoundError` for an unknown variant.
   * Returns the product with the new level.
   */
  updateInventory(variantId: string, change: InventoryChange, options?: CommerceWriteOptions): Promise<Product>;
  listCustomers(request: PageRequest): Promise<Page<Customer>>;
  /** Batch read; same contract as `getProducts`. */
  getCustomers(ids: readonly string[]): Promise<readonly (Customer | null)[]>;
}
