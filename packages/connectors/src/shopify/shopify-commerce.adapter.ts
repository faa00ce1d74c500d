import { chunks, collect, cursorPaging, paginate } from '@bizosaas/connector-kit';
import type { ZodType } from 'zod';
import { ConnectorError, EntityIds, type CommercePort, type CommerceWriteOptions as WriteOptions, type Customer, type InventoryChange, type NewOrder, type Order, type Page, type PageRequest, type Product } from '@bizosaas/domain';
import type { ShopifyGraphqlClient, ShopifyOperation } from './shopify.graphql-client.js';
import { updateShopifyInventory } from './shopify.inventory.js';
import { decodeToGid, fromGid, nodesOfType, ShopifyKinds, toCustomer, toOrder, toProduct, type ShopifyKind } from './shopify.mapping.js';
import { placeShopifyOrder } from './shopify.order-placement.js';
import { SHOPIFY_PROVIDER } from './shopify.profile.js';
import { customerNodesQuery, listCustomersQuery, listOrdersQuery, listProductsQuery, orderNodesQuery, productNodesQuery, SHOPIFY_CUSTOMERS_PER_QUERY, SHOPIFY_NODES_BATCH, SHOPIFY_ORDERS_PER_QUERY, SHOPIFY_PRODUCTS_PER_QUERY } from './shopify.queries.js';
import { customerNodesData, listCustomersData, listOrdersData, listProductsData, orderNodesData, productNodesData, shopifyCustomerSchema, shopifyOrderSchema, shopifyProductSchema, type ShopifyOrder, type ShopifyProduct } from './shopify.schemas.js';
import { pageInChunks } from './shopify.paging.js';
import { ordersByEmailsQuery } from './shopify.search.js';

export interface ShopifyCommerceAdapterOptions {
  readonly connectionId: string;
  readonly client: ShopifyGraphqlClient;
  /** Idempotency keys of writes (tests make them predictable). */
  readonly newKey?: () => string;
}

/**
 * CommercePort over Shopify's Admin GraphQL API 2026-10: cursor paging by id, batch reads with `nodes`
 * (250 ids), and writes (`orderCreate`, `inventorySetQuantities`) carrying an `@idempotent` key.
 */
export class ShopifyCommerceAdapter implements CommercePort {
  readonly provider = SHOPIFY_PROVIDER;
  /** Shopify's `@idempotent(key:)`: a write re-sent with its key is replayed, never done twice. */
  readonly honoursIdempotencyKeys = true;
  private readonly ids: EntityIds;

  constructor(private readonly options: ShopifyCommerceAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
  }

  async listProducts(request: PageRequest): Promise<Page<Product>> {
    let currency = '';
    const chunked = await pageInChunks(request, SHOPIFY_PRODUCTS_PER_QUERY, async (first, after) => {
      const data = await this.options.client.run(listProductsQuery, { first, after }, listProductsData);
      currency = data.shop.currencyCode;
      return data.products;
    });
    return page(chunked, (raw) => this.product(raw, currency));
  }

  async getProducts(ids: readonly string[]): Promise<readonly (Product | null)[]> {
    return this.batch(ids, ShopifyKinds.Product, productNodesQuery, SHOPIFY_PRODUCTS_PER_QUERY, async (run) => {
      const data = await run(productNodesData);
      return nodesOfType(data.nodes, 'Product', shopifyProductSchema).map((raw) => (raw ? this.product(raw, data.shop.currencyCode) : null));
    });
  }

  async listOrders(request: PageRequest): Promise<Page<Order>> {
    const chunked = await pageInChunks(request, SHOPIFY_ORDERS_PER_QUERY, async (first, after) => (await this.options.client.run(listOrdersQuery, { first, after, query: null, reverse: false }, listOrdersData)).orders);
    return page(chunked, (raw) => this.order(raw));
  }

  async getOrders(ids: readonly string[]): Promise<readonly (Order | null)[]> {
    return this.batch(ids, ShopifyKinds.Order, orderNodesQuery, SHOPIFY_ORDERS_PER_QUERY, async (run) => nodesOfType((await run(orderNodesData)).nodes, 'Order', shopifyOrderSchema).map((raw) => (raw ? this.order(raw) : null)));
  }

  async findOrdersByEmails(emails: readonly string[]): Promise<readonly (readonly Order[])[]> {
    if (emails.length === 0) return [];
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    const byEmail = new Map<string, Order[]>(wanted.map((e) => [e, []]));
    for (const query of ordersByEmailsQuery(wanted)) {
      // Newest first by id: Shopify's ids grow with creation, and unlike created_at they never tie.
      const orders = await collect(
        paginate({
          provider: SHOPIFY_PROVIDER,
          fetchPage: (after) => this.options.client.run(listOrdersQuery, { first: SHOPIFY_ORDERS_PER_QUERY, after: after ?? null, query, reverse: true }, listOrdersData),
          items: (data) => data.orders.edges.map((edge) => edge.node),
          next: cursorPaging((data) => (data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null)),
        }),
      );
      for (const raw of orders) byEmail.get(raw.email?.toLowerCase() ?? '')?.push(this.order(raw));
    }
    return emails.map((e) => byEmail.get(e.trim().toLowerCase()) ?? []);
  }

  async createOrder(input: NewOrder, options: WriteOptions = {}): Promise<Order> {
    const raw = await placeShopifyOrder({ client: this.options.client, ids: this.ids, newKey: this.newKey(options.idempotencyKey) }, input);
    return this.order(raw);
  }

  async updateInventory(variantId: string, change: InventoryChange, options: WriteOptions = {}): Promise<Product> {
    const productGid = await updateShopifyInventory({ client: this.options.client, ids: this.ids, newKey: this.newKey(options.idempotencyKey) }, variantId, change);
    const [product] = await this.getProducts([this.ids.encode(ShopifyKinds.Product, fromGid('Product', productGid))]);
    if (!product) throw new ConnectorError('invalid_response', SHOPIFY_PROVIDER, 'shopify lost the product of a variant whose stock it just changed');
    return product;
  }

  async listCustomers(request: PageRequest): Promise<Page<Customer>> {
    const chunked = await pageInChunks(request, SHOPIFY_CUSTOMERS_PER_QUERY, async (first, after) => (await this.options.client.run(listCustomersQuery, { first, after }, listCustomersData)).customers);
    return page(chunked, (raw) => toCustomer(this.ids, this.options.connectionId, raw));
  }

  async getCustomers(ids: readonly string[]): Promise<readonly (Customer | null)[]> {
    return this.batch(ids, ShopifyKinds.Customer, customerNodesQuery, SHOPIFY_CUSTOMERS_PER_QUERY, async (run) =>
      nodesOfType((await run(customerNodesData)).nodes, 'Customer', shopifyCustomerSchema).map((raw) => (raw ? toCustomer(this.ids, this.options.connectionId, raw) : null)),
    );
  }

  /**
   * The `@idempotent` keys of one write's mutations. With the caller's key (an outbox intent's), the first
   * mutation carries it and later attempts (a stale compare-and-set) derive theirs from it, so re-sending the
   * whole write with the same key replays what Shopify did the first time instead of doing it again.
   */
  private newKey(idempotencyKey?: string): () => string {
    if (idempotencyKey === undefined) return this.options.newKey ?? (() => crypto.randomUUID());
    let sent = 0;
    return () => (sent++ === 0 ? idempotencyKey : `${idempotencyKey}:${sent}`);
  }

  private product(raw: ShopifyProduct, currency: string): Product {
    if (raw.variants.pageInfo.hasNextPage) {
      throw new ConnectorError('not_supported', SHOPIFY_PROVIDER, `shopify product ${raw.id} has more variants than the connector reads per product (${raw.variants.nodes.length})`);
    }
    return toProduct(this.ids, this.options.connectionId, raw, currency);
  }

  private order(raw: ShopifyOrder): Order {
    if (raw.lineItems.pageInfo.hasNextPage) {
      throw new ConnectorError('not_supported', SHOPIFY_PROVIDER, `shopify order ${raw.name} has more line items than the connector reads per order (${raw.lineItems.nodes.length})`);
    }
    return toOrder(this.ids, this.options.connectionId, raw);
  }

  /**
   * A batch read: our ids -> unique GIDs -> `nodes` calls of at most `perCall` ids (250, or fewer where the
   * records' cost demands it) -> one slot per requested id,
   * null for ids of another kind or connection, malformed ids and records Shopify does not know.
   */
  private async batch<T>(ids: readonly string[], kind: ShopifyKind, operation: ShopifyOperation, perCall: number, read: (run: <D>(schema: ZodType<D>) => Promise<D>) => Promise<(T | null)[]>): Promise<(T | null)[]> {
    const gids = ids.map((id) => decodeToGid(this.ids, kind, id));
    const unique = [...new Set(gids.filter((gid): gid is string => gid !== undefined))];
    const found = new Map<string, T>();
    for (const batch of chunks(unique, Math.min(perCall, SHOPIFY_NODES_BATCH))) {
      const slots = await read((schema) => this.options.client.run(operation, { ids: batch }, schema));
      batch.forEach((gid, index) => {
        const value = slots[index];
        if (value !== null && value !== undefined) found.set(gid, value);
      });
    }
    return gids.map((gid) => (gid === undefined ? null : (found.get(gid) ?? null)));
  }
}

function page<R, T>(chunked: { edges: readonly { cursor: string; node: R }[]; hasNextPage: boolean }, map: (raw: R) => T): Page<T> {
  return {
    items: chunked.edges.map((edge) => ({ node: map(edge.node), cursor: edge.cursor })),
    endCursor: chunked.hasNextPage ? (chunked.edges[chunked.edges.length - 1]?.cursor ?? null) : null,
    hasNextPage: chunked.hasNextPage,
    totalCount: null,
  };
}
