import { createHttpClient, type AuthStrategy, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import { ConnectorError, EntityIds, type CmsPort, type Content, type ContentFilter, type ContentKind, type Page, type PageRequest } from '@bizosaas/domain';
import { WagtailApi } from './wagtail.api.js';
import { listByKind } from '../shared/kind-listing.js';
import { CONTENT_KIND, contentFromWagtail, typeOfKind, WAGTAIL_PROVIDER } from './wagtail.mapping.js';
import { wagtailProfile } from './wagtail.profile.js';
import type { WagtailSettings } from './wagtail.settings.js';

export interface WagtailCmsAdapterOptions {
  readonly connectionId: string;
  readonly settings: WagtailSettings;
  /** `noAuth` for a public API (the default), or a header token. */
  readonly auth: AuthStrategy;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const KINDS: readonly ContentKind[] = ['post', 'page'];

/**
 * `CmsPort` over Wagtail's API v2, which is public and read-only: every write raises
 * `ConnectorError('not_supported')`, and only live pages are visible (drafts, private pages and unpublished
 * changes are not, so a `draft` status filter always answers an empty page).
 *
 * Costs: a list page is one call per 20 items per page type it covers (Wagtail's page size). Wagtail has
 * no "id in" filter (filters match one value exactly), so `getContents` reads each page's detail view:
 * one call per distinct id, in parallel, paced by the connection's rate limiter.
 */
export class WagtailCmsAdapter implements CmsPort {
  readonly provider = WAGTAIL_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: WagtailApi;
  private readonly settings: WagtailSettings;

  constructor(options: WagtailCmsAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.settings = options.settings;
    this.api = new WagtailApi(
      createHttpClient({
        profile: wagtailProfile,
        baseUrl: options.settings.siteUrl,
        connectionId: options.connectionId,
        auth: options.auth,
        ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
        ...(options.logger && { logger: options.logger }),
        ...(options.metrics && { metrics: options.metrics }),
        ...(options.fetch && { fetch: options.fetch }),
        ...(options.sleep && { sleep: options.sleep }),
      }),
      options.settings.apiPath,
    );
  }

  async listContent(request: PageRequest, filter: ContentFilter = {}): Promise<Page<Content>> {
    // Only live pages exist for the API: any other status is an empty list, without a call.
    const statusMatches = filter.status === undefined || filter.status === 'published';
    const kinds = KINDS.filter((kind) => (filter.kind === undefined || filter.kind === kind) && typeOfKind(kind, this.settings) !== null);
    if (!statusMatches || kinds.length === 0) return { items: [], endCursor: null, hasNextPage: false, totalCount: 0 };
    const fields = [this.settings.bodyField, 'search_description'];
    const page = await listByKind(
      kinds,
      request,
      async (kind, offset, limit) => {
        const range = await this.api.listRange(typeOfKind(kind, this.settings) ?? '', fields, offset, limit);
        return { items: range.items.map((p) => this.toContent(p)).filter((c): c is Content => c !== null), total: range.total, more: range.more };
      },
      // Newest first by page id: ids are one sequence across all page types.
      (a, b) => Number(b.externalId) - Number(a.externalId),
    );
    return { items: page.nodes.map((node) => ({ node, cursor: null })), endCursor: page.endCursor, hasNextPage: page.hasNextPage, totalCount: page.totalCount };
  }

  async getContents(ids: readonly string[]): Promise<readonly (Content | null)[]> {
    const externalIds = ids.map((id) => {
      const externalId = this.ids.decode(CONTENT_KIND, id);
      return externalId !== undefined && /^\d+$/.test(externalId) ? externalId : undefined;
    });
    const unique = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    const pages = await Promise.all(unique.map(async (id) => [id, await this.api.detail(id)] as const));
    const found = new Map(pages.map(([id, page]) => [id, page === null ? null : this.toContent(page)] as const));
    return externalIds.map((externalId) => (externalId === undefined ? null : (found.get(externalId) ?? null)));
  }

  /** Wagtail's API is read-only. */
  async createContent(): Promise<Content> {
    throw this.readOnly('create content');
  }

  /** Wagtail's API is read-only. */
  async updateContent(): Promise<Content> {
    throw this.readOnly('update content');
  }

  /** Wagtail's API is read-only. */
  async publishContent(): Promise<Content> {
    throw this.readOnly('publish content');
  }

  /** Wagtail's API is read-only. */
  async unpublishContent(): Promise<Content> {
    throw this.readOnly('unpublish content');
  }

  private toContent(page: Parameters<typeof contentFromWagtail>[0]): Content | null {
    return contentFromWagtail(page, this.settings, this.ids);
  }

  private readOnly(action: string): ConnectorError {
    return new ConnectorError('not_supported', WAGTAIL_PROVIDER, `Wagtail's API is read-only: cannot ${action}; edit it in the Wagtail admin`);
  }
}
