import { collect, offsetPaging, paginate, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { wagtailListingSchema, wagtailPageSchema, type WagtailListing, type WagtailPage } from './wagtail.schemas.js';

/** Wagtail's default and (unless WAGTAILAPI_LIMIT_MAX is raised) maximum `limit`. */
export const WAGTAIL_PAGE_SIZE = 20;

const DOCS = 'https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html';

/** The Wagtail API v2 endpoints the CMS adapter uses, each one call through the connector kit. */
export class WagtailApi {
  constructor(
    private readonly http: ConnectorHttpClient,
    private readonly apiPath: string,
  ) {}

  /** One listing page of `type`, newest first (by page id: `order` takes one field and ids are unique). */
  async listPage(type: string, fields: readonly string[], offset: number, limit: number): Promise<WagtailListing & { offset: number }> {
    // https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html#pagination
    const res = await this.http.request(
      { method: 'GET', path: `${this.apiPath}/pages/`, query: { type, fields: fields.join(','), order: '-id', limit, offset }, docs: `${DOCS}#fetching-content` },
      wagtailListingSchema,
    );
    return { ...res.body, offset };
  }

  /**
   * Up to `limit` pages of `type` from `offset`, 20 per call (Wagtail's page size), through the kit's
   * offset paging; `more` says whether pages remain after them.
   */
  async listRange(type: string, fields: readonly string[], offset: number, limit: number): Promise<{ items: WagtailPage[]; total: number; more: boolean }> {
    const end = offset + limit;
    let total = 0;
    const byOffset = offsetPaging<WagtailListing & { offset: number }>({ pageSize: WAGTAIL_PAGE_SIZE, offset: (p) => p.offset, count: (p) => p.items.length, total: (p) => p.meta.total_count });
    const items = await collect(
      paginate({
        fetchPage: async (cursor) => {
          const from = cursor === undefined ? offset : Number(cursor);
          const page = await this.listPage(type, fields, from, Math.min(WAGTAIL_PAGE_SIZE, end - from));
          total = page.meta.total_count;
          return page;
        },
        items: (page) => page.items,
        next: (page) => (page.offset + page.items.length >= end ? undefined : byOffset(page)),
        provider: 'wagtail',
      }),
      limit,
    );
    return { items, total, more: offset + items.length < total };
  }

  /** One live page by id, or null when Wagtail does not show it (unknown, draft or private). */
  async detail(id: string): Promise<WagtailPage | null> {
    try {
      // https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html#detail-views
      const res = await this.http.request({ method: 'GET', path: `${this.apiPath}/pages/${encodeURIComponent(id)}/`, docs: `${DOCS}#detail-views` }, wagtailPageSchema);
      return res.body;
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') return null;
      throw error;
    }
  }
}
