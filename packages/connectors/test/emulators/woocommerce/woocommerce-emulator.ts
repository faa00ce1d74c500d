import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOrder, findProduct, listAnswer, orderMatches, updateStock, WooHttpError, type WooAnswer } from './woocommerce-emulator.routes.js';
import { WooStore } from './woocommerce-emulator.store.js';
import { listenOnLoopback, type LoopbackServer } from '../loopback-server.js';

/** A canned failure for the next matching request. */
export interface WooFault {
  readonly path: RegExp;
  readonly status: number;
  readonly body: unknown;
}

/**
 * A WooCommerce shop's REST API (wc/v3 under /wp-json) on loopback, written from the documented request
 * and response shapes (https://woocommerce.github.io/woocommerce-rest-api-docs/): consumer key and secret
 * as HTTP Basic, products and variations, orders, customers, `include`, `offset`/`page` paging with
 * `X-WP-Total`/`X-WP-TotalPages`, WordPress error bodies, and injectable faults.
 */
export class WooCommerceEmulator {
  readonly store = new WooStore();
  readonly consumerKey = 'ck_0123456789abcdef0123456789abcdef01234567';
  readonly consumerSecret = 'cs_fedcba9876543210fedcba9876543210fedcba98';
  private readonly calls = new Map<string, number>();
  private readonly faults: WooFault[] = [];
  private server: LoopbackServer | undefined;
  url = '';

  static async start(): Promise<WooCommerceEmulator> {
    const emulator = new WooCommerceEmulator();
    emulator.server = await listenOnLoopback((req, res) => emulator.handle(req, res));
    emulator.url = emulator.server.url;
    return emulator;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  /** Calls per `METHOD /path` below /wp-json/wc/v3, e.g. `count('GET /orders')`. */
  count(endpoint: string | RegExp): number {
    let total = 0;
    for (const [key, n] of this.calls) if (typeof endpoint === 'string' ? key === endpoint : endpoint.test(key)) total += n;
    return total;
  }

  resetCounts(): void {
    this.calls.clear();
  }

  /** Answers the next request whose `METHOD /path` matches with `status` and `body`, once. */
  failNext(fault: WooFault): void {
    this.faults.push(fault);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const text = Buffer.concat(chunks).toString('utf8');
    const path = url.pathname.replace(/^\/wp-json\/wc\/v3/, '');
    const key = `${req.method} ${path}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    let answer: WooAnswer;
    try {
      if (!url.pathname.startsWith('/wp-json/wc/v3/')) throw new WooHttpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
      this.authenticate(req.headers.authorization);
      const fault = this.faults.findIndex((f) => f.path.test(key));
      answer = fault >= 0 ? { status: this.faults[fault]?.status ?? 500, body: this.faults.splice(fault, 1)[0]?.body } : this.route(req.method ?? 'GET', path, url.searchParams, text);
    } catch (error) {
      if (!(error instanceof WooHttpError)) throw error;
      answer = { status: error.status, body: { code: error.code, message: error.message, data: { status: error.status, ...(error.params && { params: error.params }) } } };
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  /** HTTP Basic with the consumer key and secret; WooCommerce's messages for a missing or wrong key. */
  private authenticate(header: string | undefined): void {
    if (header === undefined) throw new WooHttpError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    const [key, secret] = decoded.split(':');
    if (key !== this.consumerKey) throw new WooHttpError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    if (secret !== this.consumerSecret) throw new WooHttpError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
  }

  private route(method: string, path: string, q: URLSearchParams, text: string): WooAnswer {
    const s = this.store;
    const parts = path.split('/').filter(Boolean);
    const [collection, id, sub, subId] = parts;
    if (method === 'GET' && path === '/data/currencies/current') return { status: 200, body: { code: s.currency, name: 'Euro', symbol: '&euro;' } };
    if (collection === 'products') {
      if (method === 'GET' && id === undefined) return listAnswer([...s.products.values()], q);
      const product = findProduct(s, id);
      if (sub === undefined && method === 'GET') return { status: 200, body: product };
      if (sub === undefined && method === 'PUT') {
        updateStock(product, text, s.now());
        return { status: 200, body: product };
      }
      if (sub === 'variations') {
        const variations = s.variations.get(product.id) ?? new Map();
        if (method === 'GET' && subId === undefined) return listAnswer([...variations.values()], q);
        const variation = subId !== undefined && /^\d+$/.test(subId) ? variations.get(Number(subId)) : undefined;
        if (!variation) throw new WooHttpError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
        if (method === 'GET') return { status: 200, body: variation };
        if (method === 'PUT') {
          updateStock(variation, text, s.now());
          return { status: 200, body: variation };
        }
      }
    }
    if (collection === 'orders' && id === undefined) {
      if (method === 'GET') return listAnswer([...s.orders.values()], q, (row) => orderMatches(row, q.get('search')));
      if (method === 'POST') return { status: 201, body: createOrder(s, text) };
    }
    if (collection === 'customers' && id === undefined && method === 'GET') {
      const role = q.get('role') ?? 'customer';
      return listAnswer([...s.customers.values()], q, (row) => role === 'all' || row.role === role);
    }
    throw new WooHttpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }
}
