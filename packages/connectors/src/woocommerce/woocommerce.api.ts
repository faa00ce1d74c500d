import { chunks, collect, pageNumberPaging, paginate, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { z } from 'zod';
import { wooCurrentCurrencySchema, wooCustomerSchema, wooOrderSchema, wooProductSchema, wooVariationSchema } from './woocommerce.schemas.js';
import { WOOCOMMERCE_PROVIDER } from './woocommerce.settings.js';

/** WooCommerce's page size cap and its `include` batch size. */
export const WOO_MAX_PER_PAGE = 100;

const DOCS = {
  products: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-products',
  product: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#update-a-product',
  variations: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-product-variations',
  variation: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#update-a-product-variation',
  orders: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-orders',
  createOrder: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#create-an-order',
  customers: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-customers',
  currency: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-current-currency',
} as const;

/** The collections the adapter lists, with their item schema. */
export const WooCollections = {
  products: { path: '/products', schema: wooProductSchema, docs: DOCS.products },
  orders: { path: '/orders', schema: wooOrderSchema, docs: DOCS.orders },
  customers: { path: '/customers', schema: wooCustomerSchema, docs: DOCS.customers },
} as const;

/** A listable collection: its path, its item schema and its docs. */
export interface WooCollection<T> {
  readonly path: string;
  readonly schema: z.ZodType<T>;
  readonly docs: string;
}
type Query = Readonly<Record<string, string | number | undefined>>;

/** One page and what WooCommerce said about the whole list (`X-WP-Total`, `X-WP-TotalPages`). */
export interface WooPage<T> {
  readonly items: readonly T[];
  readonly total: number | undefined;
  readonly totalPages: number | undefined;
}

function countHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  return value !== null && /^\d{1,12}$/.test(value.trim()) ? Number(value) : undefined;
}

/** The wc/v3 endpoints the commerce adapter uses, each one call through the connector kit. */
export class WooCommerceApi {
  constructor(private readonly http: ConnectorHttpClient) {}

  /** One page of a collection in id order, by offset (WooCommerce takes `offset` with `per_page`). */
  async page<T>(collection: WooCollection<T>, query: Query): Promise<WooPage<T>> {
    // GET /wp-json/wc/v3/{products|orders|customers}
    const res = await this.http.request({ method: 'GET', path: collection.path, query: { orderby: 'id', order: 'asc', ...query }, docs: collection.docs }, z.array(collection.schema));
    return { items: res.body, total: countHeader(res.headers, 'x-wp-total'), totalPages: countHeader(res.headers, 'x-wp-totalpages') };
  }

  /** Records by id with `include`, 100 per call, the calls in parallel. Unknown ids are absent from the map. */
  async byIds<T extends { readonly id: number }>(collection: WooCollection<T>, ids: readonly number[]): Promise<Map<number, T>> {
    const unique = [...new Set(ids)];
    const pages = await Promise.all(chunks(unique, WOO_MAX_PER_PAGE).map((batch) => this.page(collection, { include: batch.join(','), per_page: WOO_MAX_PER_PAGE })));
    return new Map(pages.flatMap((page) => page.items.map((item) => [item.id, item] as const)));
  }

  /** Every record matching `query`, page by page until `X-WP-TotalPages`. */
  all<T>(collection: WooCollection<T>, query: Query): Promise<T[]> {
    return collect(
      paginate<WooPage<T> & { number: number }, T>({
        provider: WOOCOMMERCE_PROVIDER,
        fetchPage: async (cursor) => {
          const number = cursor === undefined ? 1 : Number(cursor);
          return { ...(await this.page(collection, { ...query, page: number, per_page: WOO_MAX_PER_PAGE })), number };
        },
        items: (page) => page.items,
        next: pageNumberPaging({ pageSize: WOO_MAX_PER_PAGE, page: (p) => p.number, count: (p) => p.items.length, totalPages: (p) => p.totalPages }),
      }),
    );
  }

  /** Every variation of a variable product (100 a page). */
  variations(productId: number) {
    return collect(
      paginate({
        provider: WOOCOMMERCE_PROVIDER,
        fetchPage: async (cursor: string | undefined) => {
          const number = cursor === undefined ? 1 : Number(cursor);
          // GET /wp-json/wc/v3/products/{id}/variations
          const res = await this.http.request(
            { method: 'GET', path: `/products/${productId}/variations`, query: { per_page: WOO_MAX_PER_PAGE, page: number, orderby: 'id', order: 'asc' }, docs: DOCS.variations },
            z.array(wooVariationSchema),
          );
          return { items: res.body, number, totalPages: countHeader(res.headers, 'x-wp-totalpages') };
        },
        items: (page) => page.items,
        next: pageNumberPaging({ pageSize: WOO_MAX_PER_PAGE, page: (p) => p.number, count: (p) => p.items.length, totalPages: (p) => p.totalPages }),
      }),
    );
  }

  /** The shop's currency (every price of the shop is in it). */
  async currency(): Promise<string> {
    // GET /wp-json/wc/v3/data/currencies/current
    const res = await this.http.request({ method: 'GET', path: '/data/currencies/current', docs: DOCS.currency }, wooCurrentCurrencySchema);
    return res.body.code.toUpperCase();
  }

  /** Sets a product's or a variation's stock level (and turns stock management on). */
  async setStock(productId: number, variationId: number | null, quantity: number): Promise<void> {
    const body = { manage_stock: true, stock_quantity: quantity };
    // PUT /wp-json/wc/v3/products/{id} or /products/{id}/variations/{variation}: setting a level twice is harmless.
    if (variationId === null) await this.http.request({ method: 'PUT', path: `/products/${productId}`, body, docs: DOCS.product }, wooProductSchema);
    else await this.http.request({ method: 'PUT', path: `/products/${productId}/variations/${variationId}`, body, docs: DOCS.variation }, wooVariationSchema);
  }

  /** Creates an order (not retried: WooCommerce takes no idempotency key). */
  async createOrder(body: Record<string, unknown>) {
    // POST /wp-json/wc/v3/orders
    const res = await this.http.request({ method: 'POST', path: '/orders', body, docs: DOCS.createOrder }, wooOrderSchema);
    return res.body;
  }
}
