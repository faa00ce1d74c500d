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
} from '@bizosaas/domain';
import type { ConnectorHttpClient } from '@bizosaas/connector-kit';
import { WooCommerceApi, WooCollections, type WooCollection } from './woocommerce.api.js';
import { decodeWooCursor, encodeWooCursor } from './woocommerce.cursor.js';
import { customerFromWoo, orderFromWoo, parseVariantExternalId, productFromWoo, WooKinds } from './woocommerce.mapping.js';
import { placeWooOrder } from './woocommerce.orders.js';
import type { WooProduct, WooVariation } from './woocommerce.schemas.js';
import { WOOCOMMERCE_PROVIDER } from './woocommerce.settings.js';

export interface WooCommerceAdapterOptions {
  readonly connectionId: string;
  /** The kit's HTTP client of this connection: base URL `<siteUrl>/wp-json/wc/v3`, consumer key auth. */
  readonly http: ConnectorHttpClient;
}

/** A product with its variations loaded (only variable products have any). */
export interface LoadedProduct {
  readonly product: WooProduct;
  readonly variations: readonly WooVariation[];
}

/**
 * WooCommerce as a `CommercePort`, over REST wc/v3.
 *
 * Upstream cost: lists are one call per page (`offset`, `per_page`, totals from `X-WP-Total`) plus, for
 * products, one variations call per variable product on the page (WooCommerce has no batch read of
 * variations); batch reads use `include` (100 ids a call); `findOrdersByEmails` is one `search` per
 * distinct email (WooCommerce has no email-in filter); the shop currency is read once per adapter.
 */
export class WooCommerceAdapter implements CommercePort {
  readonly provider = WOOCOMMERCE_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: WooCommerceApi;
  private currencyOnce: Promise<string> | undefined;

  constructor(options: WooCommerceAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.api = new WooCommerceApi(options.http);
  }

  /** The shop currency, read once (a failed read is retried on the next call). */
  currency(): Promise<string> {
    if (this.currencyOnce === undefined) {
      const once = this.api.currency();
      this.currencyOnce = once;
      once.catch(() => {
        if (this.currencyOnce === once) this.currencyOnce = undefined;
      });
    }
    return this.currencyOnce;
  }

  async listProducts(request: PageRequest): Promise<Page<Product>> {
    const page = await this.listPage('products', WooCollections.products, request);
    const [loaded, currency] = await Promise.all([this.withVariations(page.items), this.currency()]);
    return { ...page, items: loaded.map((l) => ({ node: productFromWoo(l.product, l.variations, this.ids, currency), cursor: null })) };
  }

  async getProducts(ids: readonly string[]): Promise<readonly (Product | null)[]> {
    const found = await this.loadProducts(ids.map((id) => this.numericId(WooKinds.Product, id)));
    const currency = found.size > 0 ? await this.currency() : '';
    return ids.map((id) => {
      const loaded = found.get(this.numericId(WooKinds.Product, id) ?? -1);
      return loaded ? productFromWoo(loaded.product, loaded.variations, this.ids, currency) : null;
    });
  }

  async listOrders(request: PageRequest): Promise<Page<Order>> {
    const page = await this.listPage('orders', WooCollections.orders, request);
    return { ...page, items: page.items.map((o) => ({ node: orderFromWoo(o, this.ids), cursor: null })) };
  }

  getOrders(ids: readonly string[]): Promise<readonly (Order | null)[]> {
    return this.batch(WooKinds.Order, WooCollections.orders, ids, (o) => orderFromWoo(o, this.ids));
  }

  /** One search per distinct email, matched exactly (case-insensitively) on the billing email, newest first. */
  async findOrdersByEmails(emails: readonly string[]): Promise<readonly (readonly Order[])[]> {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    const found = await Promise.all(wanted.map((email) => this.api.all(WooCollections.orders, { search: email, orderby: 'id', order: 'desc' })));
    const byEmail = new Map(wanted.map((email, i) => [email, (found[i] ?? []).filter((o) => (o.billing?.email ?? '').toLowerCase() === email).sort((a, b) => b.id - a.id)]));
    return emails.map((email) => (byEmail.get(email.toLowerCase()) ?? []).map((o) => orderFromWoo(o, this.ids)));
  }

  async createOrder(input: NewOrder): Promise<Order> {
    const raw = await placeWooOrder(input, {
      ids: this.ids,
      api: this.api,
      currency: () => this.currency(),
      loadProducts: (productIds) => this.loadProducts(productIds),
    });
    return orderFromWoo(raw, this.ids);
  }

  async updateInventory(variantId: string, change: InventoryChange): Promise<Product> {
    const parsed = parseVariantExternalId(this.ids.decode(WooKinds.Variant, variantId) ?? '');
    if (parsed === undefined) throw new NotFoundError('ProductVariant', variantId, 'COMMERCE');
    const loaded = (await this.loadProducts([parsed.productId])).get(parsed.productId);
    const variation = parsed.variationId === null ? undefined : loaded?.variations.find((v) => v.id === parsed.variationId);
    const isVariant = loaded !== undefined && (loaded.product.type === 'variable' ? variation !== undefined : parsed.variationId === null);
    if (!loaded || !isVariant) throw new NotFoundError('ProductVariant', variantId, 'COMMERCE');
    // A variation whose stock the parent manages shares the parent's level.
    const owner = variation !== undefined && variation.manage_stock !== 'parent' ? variation : loaded.product;
    const current = owner.manage_stock === true || owner.manage_stock === 'parent' ? Math.max(0, owner.stock_quantity ?? 0) : 0;
    const next = nextLevel(current, change);
    await this.api.setStock(parsed.productId, owner === loaded.product ? null : (variation?.id ?? null), next);
    const [product] = await this.getProducts([this.ids.encode(WooKinds.Product, String(parsed.productId))]);
    if (!product) throw new NotFoundError('ProductVariant', variantId, 'COMMERCE');
    return product;
  }

  async listCustomers(request: PageRequest): Promise<Page<Customer>> {
    const page = await this.listPage('customers', WooCollections.customers, request);
    return { ...page, items: page.items.map((c) => ({ node: customerFromWoo(c, this.ids), cursor: null })) };
  }

  getCustomers(ids: readonly string[]): Promise<readonly (Customer | null)[]> {
    return this.batch(WooKinds.Customer, WooCollections.customers, ids, (c) => customerFromWoo(c, this.ids));
  }

  /** Products by WooCommerce id with their variations; unknown ids are absent. */
  private async loadProducts(productIds: readonly (number | undefined)[]): Promise<Map<number, LoadedProduct>> {
    const wanted = productIds.filter((id): id is number => id !== undefined);
    if (wanted.length === 0) return new Map();
    const products = await this.api.byIds(WooCollections.products, wanted);
    const loaded = await this.withVariations([...products.values()]);
    return new Map(loaded.map((l) => [l.product.id, l]));
  }

  private withVariations(products: readonly WooProduct[]): Promise<LoadedProduct[]> {
    return Promise.all(products.map(async (product) => ({ product, variations: product.type === 'variable' ? await this.api.variations(product.id) : [] })));
  }

  /** A page of a collection in id order; the cursor is the offset of the next item. */
  private async listPage<T>(list: string, collection: WooCollection<T>, request: PageRequest) {
    const offset = decodeWooCursor(list, request.after);
    const page = await this.api.page(collection, { per_page: request.first, offset });
    const seen = offset + page.items.length;
    const hasNextPage = page.total !== undefined ? seen < page.total : page.items.length === request.first;
    return { items: page.items, endCursor: hasNextPage ? encodeWooCursor(list, seen) : null, hasNextPage, totalCount: page.total ?? null };
  }

  /** Slots in request order; malformed, foreign, wrong-kind and unknown ids are null. */
  private async batch<R extends { readonly id: number }, T>(kind: string, collection: WooCollection<R>, ids: readonly string[], map: (raw: R) => T): Promise<(T | null)[]> {
    const numeric = ids.map((id) => this.numericId(kind, id));
    const wanted = numeric.filter((id): id is number => id !== undefined);
    const found = wanted.length === 0 ? new Map<number, R>() : await this.api.byIds(collection, wanted);
    return numeric.map((id) => {
      const raw = id === undefined ? undefined : found.get(id);
      return raw === undefined ? null : map(raw);
    });
  }

  /** The WooCommerce id inside a canonical id of `kind`, or undefined. */
  private numericId(kind: string, id: string): number | undefined {
    const externalId = this.ids.decode(kind, id);
    return externalId !== undefined && /^[1-9]\d{0,15}$/.test(externalId) ? Number(externalId) : undefined;
  }
}

/** The new stock level of a change; ValidationError naming `available` or `adjustBy` when it is not a level. */
function nextLevel(current: number, change: InventoryChange): number {
  if ('set' in change) {
    if (!Number.isInteger(change.set) || change.set < 0) throw new ValidationError([{ field: 'available', reason: `must be a whole number of at least 0 (got ${change.set})` }]);
    return change.set;
  }
  if (!Number.isInteger(change.adjustBy)) throw new ValidationError([{ field: 'adjustBy', reason: 'must be a whole number' }]);
  const next = current + change.adjustBy;
  if (next < 0) throw new ValidationError([{ field: 'adjustBy', reason: `would take the stock below zero (${current} available)` }]);
  return next;
}
