import type { Page, PageRequest } from '../shared/page.js';
import type { Customer, NewOrder, Order, Product } from './commerce.entities.js';

/**
 * A tenant's shop (Shopify, WooCommerce, sandbox).
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`).
 */
export interface CommercePort {
  readonly provider: string;
  listProducts(request: PageRequest): Promise<Page<Product>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getProducts(ids: readonly string[]): Promise<readonly (Product | null)[]>;
  listOrders(request: PageRequest): Promise<Page<Order>>;
  /** Batch read; same contract as `getProducts`. */
  getOrders(ids: readonly string[]): Promise<readonly (Order | null)[]>;
  /** Every order placed with each email: one slot per email, in request order. One upstream call per batch. */
  findOrdersByEmails(emails: readonly string[]): Promise<readonly (readonly Order[])[]>;
  /**
   * Places an order and decrements inventory in one atomic step. Raises `ValidationError` (field
   * `items[i].quantity`) when stock is short, leaving inventory unchanged.
   */
  createOrder(input: NewOrder): Promise<Order>;
  /** Sets a variant's stock. Raises `ValidationError` for a negative level, `NotFoundError` for an unknown variant. */
  setInventory(variantId: string, available: number): Promise<Product>;
  listCustomers(request: PageRequest): Promise<Page<Customer>>;
  /** Batch read; same contract as `getProducts`. */
  getCustomers(ids: readonly string[]): Promise<readonly (Customer | null)[]>;
}
