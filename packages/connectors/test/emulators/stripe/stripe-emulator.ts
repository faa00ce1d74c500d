import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { limitOf, paramsOf, parseSearchQuery, readBody, StripeHttpError, type StripeParams } from './stripe-emulator.requests.js';
import { newestFirst, StripeEmulatorStore, type Json, type StripeEmulatorRecord } from './stripe-emulator.store.js';

/**
 * A stateful Stripe API emulator on loopback, written from Stripe's documented shapes: bearer secret key,
 * list paging with `starting_after`, search with `next_page`, `expand`, form-encoded writes, and
 * idempotency (on POST, a repeated `Idempotency-Key` replays the first answer with `Idempotent-Replayed: true`; the
 * same key with other parameters is a 400 `idempotency_error`). https://docs.stripe.com/api
 * Faults: `stallNextWrite(ms)` performs the next write, then holds its answer for `ms` (the client's
 * timeout fires and it retries).
 */
export class StripeEmulator {
  readonly store = new StripeEmulatorStore();
  /** Every request: method, path and the Idempotency-Key it carried. */
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  private readonly replays = new Map<string, { fingerprint: string; status: number; body: Json }>();
  private stallMs = 0;
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(readonly secretKey: string) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  stallNextWrite(ms: number): void {
    this.stallMs = ms;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    this.requests.push({ method, path: url.pathname, idempotencyKey: key });
    const body = await readBody(req);
    let status = 200;
    let answer: Json;
    let replayed = false;
    try {
      if (req.headers.authorization !== `Bearer ${this.secretKey}`) throw new StripeHttpError(401, 'invalid_request_error', 'Invalid API Key provided.');
      const params = paramsOf(url.searchParams, new URLSearchParams(body));
      const fingerprint = `${method} ${url.pathname} ${body}`;
      // Stripe honours keys on POST only; on GET and DELETE they have no effect.
      const earlier = key === undefined || method !== 'POST' ? undefined : this.replays.get(key);
      if (earlier !== undefined && earlier.fingerprint !== fingerprint) {
        throw new StripeHttpError(400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
      }
      if (earlier !== undefined) {
        ({ status, body: answer } = earlier);
        replayed = true;
      } else {
        answer = this.route(method, url.pathname, params);
      }
      if (key !== undefined && method === 'POST' && !replayed) this.replays.set(key, { fingerprint, status, body: answer });
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      status = error.status;
      answer = error.body();
    }
    if (method !== 'GET' && this.stallMs > 0 && !replayed) {
      const ms = this.stallMs;
      this.stallMs = 0;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.requests.length}`, ...(replayed && { 'idempotent-replayed': 'true' }) });
    res.end(JSON.stringify(answer));
  }

  private route(method: string, path: string, params: StripeParams): Json {
    const s = this.store;
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1') throw new StripeHttpError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
    const [, resource, id] = parts;
    if (method === 'GET' && resource === 'invoices' && id === undefined) return list(s.invoices.values(), params, '/v1/invoices');
    if (method === 'GET' && resource === 'invoices' && id === 'search') return search(s.invoices.values(), params, '/v1/invoices/search', (r, f, v) => f === 'customer' && r['customer'] === v);
    if (method === 'GET' && resource === 'invoices' && id !== undefined) return found(s.invoices.get(id), 'invoice', id);
    if (method === 'GET' && resource === 'customers' && id === 'search') {
      return search(s.customers.values(), params, '/v1/customers/search', (r, f, v) => f === 'email' && typeof r['email'] === 'string' && r['email'].toLowerCase() === v.toLowerCase());
    }
    if (method === 'GET' && resource === 'products' && id === undefined) {
      const ids = params.list('ids');
      return list([...s.products.values()].filter((p) => ids.length === 0 || ids.includes(p.id)), params, '/v1/products');
    }
    if (method === 'POST' && resource === 'customers' && id === undefined) return s.addCustomer(params.one('email') ?? null);
    if (method === 'POST' && resource === 'invoices' && id === undefined) return this.createDraft(params);
    if (method === 'POST' && resource === 'invoiceitems' && id === undefined) return this.addItem(params);
    if (method === 'DELETE' && resource === 'invoices' && id !== undefined) {
      if (found(s.invoices.get(id), 'invoice', id)['status'] !== 'draft') throw new StripeHttpError(400, 'invalid_request_error', 'You can only delete draft invoices.');
      s.invoices.delete(id);
      return { id, object: 'invoice', deleted: true };
    }
    if (method === 'POST' && resource === 'invoices' && id !== undefined && parts[3] === 'void') {
      const status = found(s.invoices.get(id), 'invoice', id)['status'];
      if (status !== 'open' && status !== 'uncollectible') throw new StripeHttpError(400, 'invalid_request_error', `You can only pass in open invoices. This invoice is ${String(status)}.`);
      return s.updateInvoice(id, { status: 'void', amount_due: 0 });
    }
    if (resource === 'subscriptions' && id === undefined && method === 'GET') {
      const status = params.one('status');
      const all = [...s.subscriptions.values()].filter((sub) => status === 'all' || (status === undefined ? sub['status'] !== 'canceled' : sub['status'] === status));
      return this.expand(list(all, params, '/v1/subscriptions'), params);
    }
    if (resource === 'subscriptions' && id !== undefined) {
      const current = found(s.subscriptions.get(id), 'subscription', id);
      if (method === 'GET') return this.expand(current, params);
      if (method === 'POST') {
        const unknown = params.names().filter((name) => !['cancel_at_period_end', 'expand'].includes(name));
        if (unknown.length > 0) throw new StripeHttpError(400, 'invalid_request_error', `Received unknown parameter: ${unknown[0]}`, 'parameter_unknown', unknown[0]);
        if (current['status'] === 'canceled') throw new StripeHttpError(400, 'invalid_request_error', 'A canceled subscription can only update its cancellation_details and metadata.');
        const flag = params.one('cancel_at_period_end');
        return this.expand(flag === undefined ? current : s.updateSubscription(id, { cancel_at_period_end: flag === 'true' }, 'customer.subscription.updated'), params);
      }
      if (method === 'DELETE') {
        if (current['status'] === 'canceled') throw new StripeHttpError(400, 'invalid_request_error', `No such subscription: '${id}'`, 'resource_missing', 'id');
        const now = Math.floor(Date.now() / 1000);
        return this.expand(s.updateSubscription(id, { status: 'canceled', canceled_at: now, ended_at: now }, 'customer.subscription.deleted'), params);
      }
    }
    throw new StripeHttpError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  /** https://docs.stripe.com/api/invoices/create with the parameters the connector sends; an empty draft. */
  private createDraft(params: StripeParams): Json {
    const unknown = params.names().filter((name) => !['customer', 'currency', 'auto_advance', 'pending_invoice_items_behavior', 'description'].includes(name));
    if (unknown.length > 0) throw new StripeHttpError(400, 'invalid_request_error', `Received unknown parameter: ${unknown[0]}`, 'parameter_unknown', unknown[0]);
    const customerId = params.one('customer') ?? '';
    const customer = found(this.store.customers.get(customerId), 'customer', customerId);
    return this.store.addInvoice(customer, { total: 0, currency: params.one('currency') ?? 'usd', status: 'draft', amountDue: 0, number: null });
  }

  /** https://docs.stripe.com/api/invoiceitems/create onto a draft: its total and amount due grow. */
  private addItem(params: StripeParams): Json {
    const invoiceId = params.one('invoice') ?? '';
    const invoice = found(this.store.invoices.get(invoiceId), 'invoice', invoiceId);
    const amount = Number(params.one('amount'));
    if (!Number.isInteger(amount)) throw new StripeHttpError(400, 'invalid_request_error', 'Invalid integer: amount', 'parameter_invalid_integer', 'amount');
    if (invoice['status'] !== 'draft') throw new StripeHttpError(400, 'invalid_request_error', 'You can only add invoice items to draft invoices.');
    if (params.one('currency') !== invoice['currency']) throw new StripeHttpError(400, 'invalid_request_error', 'The currency of the item must match the invoice.', undefined, 'currency');
    const total = Number(invoice['total']) + amount;
    this.store.updateInvoice(invoiceId, { total, amount_due: total });
    return { id: `ii_${invoiceId}_${total}`, object: 'invoiceitem', invoice: invoiceId, amount, currency: invoice['currency'], description: params.one('description') ?? null };
  }

  /** `expand[]=customer` on an object, `expand[]=data.customer` on a list. */
  private expand(value: Json, params: StripeParams): Json {
    const wanted = params.list('expand');
    const customerOf = (record: Json): Json => (typeof record['customer'] === 'string' ? { ...record, customer: this.store.customers.get(record['customer']) ?? record['customer'] } : record);
    if (value['object'] === 'list' && wanted.includes('data.customer') && Array.isArray(value['data'])) return { ...value, data: value['data'].map((item: Json) => customerOf(item)) };
    return wanted.includes('customer') ? customerOf(value) : value;
  }
}

function found(record: StripeEmulatorRecord | undefined, kind: string, id: string): StripeEmulatorRecord {
  if (record === undefined) throw new StripeHttpError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', 'id');
  return record;
}

function list(records: Iterable<StripeEmulatorRecord>, params: StripeParams, url: string): Json {
  const sorted = newestFirst(records);
  const after = params.one('starting_after');
  const start = after === undefined ? 0 : sorted.findIndex((r) => r.id === after) + 1;
  if (after !== undefined && start === 0) throw new StripeHttpError(400, 'invalid_request_error', `No such object: '${after}'`, 'resource_missing', 'starting_after');
  const limit = limitOf(params);
  return { object: 'list', url, data: sorted.slice(start, start + limit), has_more: sorted.length > start + limit };
}

function search(records: Iterable<StripeEmulatorRecord>, params: StripeParams, url: string, matches: (record: StripeEmulatorRecord, field: string, value: string) => boolean): Json {
  const clauses = parseSearchQuery(params.one('query') ?? '');
  if (clauses.length > 10) throw new StripeHttpError(400, 'invalid_request_error', 'A search query can have at most 10 clauses.', 'parameter_invalid_string', 'query');
  const hits = newestFirst(records).filter((r) => clauses.some((c) => matches(r, c.field, c.value)));
  const offset = Number(params.one('page') ?? '0');
  const limit = limitOf(params);
  const hasMore = hits.length > offset + limit;
  return { object: 'search_result', url, data: hits.slice(offset, offset + limit), has_more: hasMore, next_page: hasMore ? String(offset + limit) : null };
}
