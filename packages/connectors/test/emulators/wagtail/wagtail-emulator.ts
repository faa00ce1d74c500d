import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stateful Wagtail API v2 emulator on loopback, written from Wagtail's documented shapes
 * (https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html): the pages listing with `type`
 * (one or several, comma-separated), `fields`, `order`, `child_of`, exact-match field filters, `limit`
 * (default 20, at most WAGTAILAPI_LIMIT_MAX = 20) and `offset`; the detail view; only live pages. Wagtail's
 * API has no writes, so pages are added through the emulator's own `POST /__emulator/pages` (or `addPage`).
 * It counts calls per endpoint and, when given a token, refuses requests without it (403, as DRF does).
 */

export interface WagtailEmulatorPage {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly slug: string;
  readonly parentId: number;
  readonly live: boolean;
  readonly firstPublishedAt: string | null;
  readonly searchDescription: string;
  /** Exported custom fields (api_fields), e.g. `{ body: '<p>…</p>' }`. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface WagtailEmulatorOptions {
  /** Page types and their exported custom fields (api_fields). */
  readonly types?: Readonly<Record<string, readonly string[]>>;
  /** `Authorization` value every request must carry; none = public API (Wagtail's default). */
  readonly token?: string;
  readonly limitMax?: number;
}

const META_FIELDS = ['type', 'detail_url', 'html_url', 'slug', 'first_published_at', 'show_in_menus', 'seo_title', 'search_description', 'parent'];
const LISTING_DEFAULT_META = ['type', 'detail_url', 'html_url', 'slug', 'first_published_at'];

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}`);
  }
}

export class WagtailEmulator {
  private readonly pages: WagtailEmulatorPage[] = [];
  private readonly calls = new Map<string, number>();
  private readonly types: Readonly<Record<string, readonly string[]>>;
  private readonly limitMax: number;
  private nextId = 3;
  private lastPublished = 0;
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly options: WagtailEmulatorOptions = {}) {
    this.types = options.types ?? { 'blog.BlogPage': ['body'], 'standard.StandardPage': ['body'], 'home.HomePage': [] };
    this.limitMax = options.limitMax ?? 20;
    // The tree every Wagtail site starts with: root (1) and a home page (2).
    this.pages.push({ id: 2, type: 'home.HomePage', title: 'Home', slug: 'home', parentId: 1, live: true, firstPublishedAt: '2024-01-01T00:00:00Z', searchDescription: '', fields: {} });
  }

  static async start(options: WagtailEmulatorOptions = {}): Promise<WagtailEmulator> {
    const emulator = new WagtailEmulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    emulator.url = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Calls to `GET /api/v2/pages/` (listing) or `GET /api/v2/pages/:id/` (detail). */
  count(endpoint: 'GET /api/v2/pages/' | 'GET /api/v2/pages/:id/'): number {
    return this.calls.get(endpoint) ?? 0;
  }

  resetCounts(): void {
    this.calls.clear();
  }

  /** Adds a page under the home page; live (published now) unless `live: false`. */
  addPage(input: { type: string; title: string; slug?: string; live?: boolean; searchDescription?: string; fields?: Record<string, unknown> }): WagtailEmulatorPage {
    if (!(input.type in this.types)) throw new HttpError(400, { message: `type doesn't exist: ${input.type}` });
    // Strictly increasing publication times, like pages published one after another.
    this.lastPublished = Math.max(Date.now(), this.lastPublished + 1);
    const live = input.live ?? true;
    const page: WagtailEmulatorPage = {
      id: this.nextId++,
      type: input.type,
      title: input.title,
      slug: input.slug ?? input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
      parentId: 2,
      live,
      firstPublishedAt: live ? new Date(this.lastPublished).toISOString() : null,
      searchDescription: input.searchDescription ?? '',
      fields: input.fields ?? {},
    };
    this.pages.push(page);
    return page;
  }

  private count1(endpoint: string): void {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.url);
      if (req.method === 'POST' && url.pathname === '/__emulator/pages') {
        const page = this.addPage(JSON.parse(await readBody(req)) as Parameters<WagtailEmulator['addPage']>[0]);
        return send(res, 201, { id: page.id });
      }
      if (this.options.token !== undefined && req.headers.authorization !== this.options.token) {
        throw new HttpError(403, { detail: 'Authentication credentials were not provided.' });
      }
      if (req.method !== 'GET') throw new HttpError(405, { detail: `Method "${req.method}" not allowed.` });
      if (url.pathname === '/api/v2/pages/') {
        this.count1('GET /api/v2/pages/');
        return send(res, 200, this.listing(url.searchParams));
      }
      const detail = /^\/api\/v2\/pages\/(\d+)\/$/.exec(url.pathname);
      if (detail) {
        this.count1('GET /api/v2/pages/:id/');
        const page = this.pages.find((p) => p.id === Number(detail[1]) && p.live);
        if (!page) throw new HttpError(404, { message: 'No Page matches the given query.' });
        const exported = this.types[page.type] ?? [];
        return send(res, 200, this.serialize(page, [...META_FIELDS], exported));
      }
      throw new HttpError(404, { detail: 'Not found.' });
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, error.body);
      return send(res, 500, { message: String(error) });
    }
  }

  private listing(params: URLSearchParams) {
    const types = (params.get('type') ?? '').split(',').filter((t) => t !== '');
    for (const type of types) if (!(type in this.types)) throw new HttpError(400, { message: "type doesn't exist" });
    // With several types (or none) only the fields common to every page are available.
    const available = types.length === 1 ? (this.types[types[0] ?? ''] ?? []) : [];
    const requested = (params.get('fields') ?? '').split(',').filter((f) => f !== '' && f !== '_' && f !== '*');
    const unknown = requested.filter((f) => !f.startsWith('-') && f !== 'title' && !META_FIELDS.includes(f) && !available.includes(f));
    if (unknown.length > 0) throw new HttpError(400, { message: `unknown fields: ${unknown.join(', ')}` });
    const limit = params.has('limit') ? Number(params.get('limit')) : 20;
    const offset = params.has('offset') ? Number(params.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 0) throw new HttpError(400, { message: 'limit must be a positive integer' });
    if (limit > this.limitMax) throw new HttpError(400, { message: `limit cannot be higher than ${this.limitMax}` });
    if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, { message: 'offset must be a positive integer' });

    let pages = this.pages.filter((p) => p.live && (types.length === 0 || types.includes(p.type)));
    const childOf = params.get('child_of');
    if (childOf !== null) pages = pages.filter((p) => p.parentId === Number(childOf));
    for (const key of ['id', 'slug', 'title'] as const) {
      const value = params.get(key);
      if (value !== null) pages = pages.filter((p) => String(p[key]) === value);
    }
    const order = params.get('order') ?? 'id';
    const descending = order.startsWith('-');
    const field = order.replace(/^-/, '');
    const keyOf = (p: WagtailEmulatorPage): string | number => (field === 'id' ? p.id : field === 'title' ? p.title : field === 'first_published_at' ? (p.firstPublishedAt ?? '') : p.id);
    pages = [...pages].sort((a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -cmp : cmp;
    });
    const extra = requested.filter((f) => !f.startsWith('-'));
    const items = pages.slice(offset, offset + limit).map((p) => this.serialize(p, [...LISTING_DEFAULT_META, ...extra.filter((f) => META_FIELDS.includes(f))], extra.filter((f) => !META_FIELDS.includes(f) && f !== 'title')));
    return { meta: { total_count: pages.length }, items };
  }

  private serialize(page: WagtailEmulatorPage, meta: readonly string[], fields: readonly string[]) {
    const all: Record<string, unknown> = {
      type: page.type,
      detail_url: `${this.url}/api/v2/pages/${page.id}/`,
      html_url: `${this.url}/${page.slug}/`,
      slug: page.slug,
      first_published_at: page.firstPublishedAt,
      show_in_menus: false,
      seo_title: '',
      search_description: page.searchDescription,
      parent: { id: page.parentId, meta: { type: 'home.HomePage', detail_url: `${this.url}/api/v2/pages/${page.parentId}/` }, title: 'Home' },
    };
    const out: Record<string, unknown> = { id: page.id, meta: Object.fromEntries(meta.filter((m) => m in all).map((m) => [m, all[m]])), title: page.title };
    for (const field of fields) out[field] = page.fields[field] ?? null;
    return out;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
