import { chunks, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError, type ContentKind } from '@bizosaas/domain';
import { WordPressCollections } from './wordpress.mapping.js';
import { WORDPRESS_PROVIDER } from './wordpress.profile.js';
import { wordPressContentListSchema, wordPressContentSchema, wordPressMeSchema, type WordPressContent } from './wordpress.schemas.js';

/** `include` and `per_page` take at most 100 (https://developer.wordpress.org/rest-api/using-the-rest-api/pagination/). */
export const WORDPRESS_BATCH_SIZE = 100;

/**
 * Newest first by id, not by `date`: the REST API takes one `orderby` key and WP_Query adds no tie-breaker,
 * so items with the same `date` (created in the same second) come back in a different order per page and
 * offset paging skips some and repeats others (seen on 6.1). Ids grow with creation and are unique across
 * posts and pages, which also lets the adapter merge both lists.
 */
const ORDER = { orderby: 'id', order: 'desc' } as const;

// Raw fields need edit context; the author's display name comes embedded in the same answer.
const EDIT = { context: 'edit', _embed: 'author' } as const;

const DOCS: Readonly<Record<ContentKind, string>> = {
  post: 'https://developer.wordpress.org/rest-api/reference/posts/',
  page: 'https://developer.wordpress.org/rest-api/reference/pages/',
};

export interface WordPressListPage {
  readonly offset: number;
  readonly items: readonly WordPressContent[];
  /** `X-WP-Total`; WordPress answers 0 for an offset past the end, so only trust it with items. */
  readonly total: number;
}

/** The WordPress REST API v2 endpoints the CMS adapter uses, each one call through the connector kit. */
export class WordPressApi {
  constructor(private readonly http: ConnectorHttpClient) {}

  /** One page of a kind at `offset`, newest first. */
  async list(kind: ContentKind, options: { offset: number; perPage: number; status: string }): Promise<WordPressListPage> {
    try {
      // https://developer.wordpress.org/rest-api/reference/posts/#list-posts
      const res = await this.http.request(
        { method: 'GET', path: `/wp/v2/${WordPressCollections[kind]}`, query: { ...EDIT, ...ORDER, status: options.status, per_page: options.perPage, offset: options.offset }, docs: DOCS[kind] },
        wordPressContentListSchema,
      );
      return { offset: options.offset, items: res.body, total: totalOf(res.headers, res.body.length) };
    } catch (error) {
      // rest_post_invalid_page_number, the only 400 mapped to not_found: past the last page.
      if (error instanceof ConnectorError && error.code === 'not_found' && error.details.status === 400) return { offset: options.offset, items: [], total: 0 };
      throw error;
    }
  }

  /** Items by id, 100 per call (calls in parallel); drafts included. Ids that do not exist are absent. */
  async include(kind: ContentKind, wpIds: readonly number[]): Promise<WordPressContent[]> {
    const pages = await Promise.all(
      chunks([...new Set(wpIds)], WORDPRESS_BATCH_SIZE).map((batch) =>
        // https://developer.wordpress.org/rest-api/reference/posts/#arguments (include, status)
        this.http.request(
          {
            method: 'GET',
            path: `/wp/v2/${WordPressCollections[kind]}`,
            // One comma-separated value: PHP keeps only the last of repeated `include=` keys.
            query: { ...EDIT, include: batch.join(','), per_page: WORDPRESS_BATCH_SIZE, status: 'publish,future,draft,pending,private' },
            docs: DOCS[kind],
          },
          wordPressContentListSchema,
        ),
      ),
    );
    return pages.flatMap((page) => page.body);
  }

  /** One item, or ConnectorError('not_found'). */
  async get(kind: ContentKind, wpId: number): Promise<WordPressContent> {
    // https://developer.wordpress.org/rest-api/reference/posts/#retrieve-a-post
    const res = await this.http.request({ method: 'GET', path: `/wp/v2/${WordPressCollections[kind]}/${wpId}`, query: EDIT, docs: DOCS[kind] }, wordPressContentSchema);
    return res.body;
  }

  /** Creates an item (not retried: WordPress takes no idempotency key). */
  async create(kind: ContentKind, body: Record<string, string>): Promise<WordPressContent> {
    // https://developer.wordpress.org/rest-api/reference/posts/#create-a-post
    const res = await this.http.request({ method: 'POST', path: `/wp/v2/${WordPressCollections[kind]}`, query: { _embed: 'author' }, body, docs: DOCS[kind] }, wordPressContentSchema);
    return res.body;
  }

  /** Partial update; 404 -> ConnectorError('not_found'). Writing the same fields twice is harmless, so it is retried. */
  async update(kind: ContentKind, wpId: number, body: Record<string, string>): Promise<WordPressContent> {
    // https://developer.wordpress.org/rest-api/reference/posts/#update-a-post
    const res = await this.http.request(
      { method: 'POST', path: `/wp/v2/${WordPressCollections[kind]}/${wpId}`, query: { _embed: 'author' }, body, idempotent: true, docs: DOCS[kind] },
      wordPressContentSchema,
    );
    return res.body;
  }

  /** Which of `slugs` items of `kind` other than `exceptId` already use (any status but trash). */
  async slugsTaken(kind: ContentKind, slugs: readonly string[], exceptId: number | undefined): Promise<Set<string>> {
    // https://developer.wordpress.org/rest-api/reference/posts/#arguments (slug: one or more)
    const res = await this.http.request(
      { method: 'GET', path: `/wp/v2/${WordPressCollections[kind]}`, query: { context: 'edit', slug: slugs.join(','), per_page: WORDPRESS_BATCH_SIZE, status: 'publish,future,draft,pending,private' }, docs: DOCS[kind] },
      wordPressContentListSchema,
    );
    return new Set(res.body.filter((record) => record.id !== exceptId).map((record) => record.slug));
  }

  /** The connection's user with its capabilities; 401 -> ConnectorError('unauthorized'). */
  async me() {
    // https://developer.wordpress.org/rest-api/reference/users/#retrieve-a-user-2
    const res = await this.http.request({ method: 'GET', path: '/wp/v2/users/me', query: { context: 'edit' }, docs: 'https://developer.wordpress.org/rest-api/reference/users/' }, wordPressMeSchema);
    return res.body;
  }
}

function totalOf(headers: Headers, count: number): number {
  const raw = headers.get('x-wp-total');
  const total = raw === null ? NaN : Number(raw);
  if (!Number.isInteger(total) || total < 0) {
    throw new ConnectorError('invalid_response', WORDPRESS_PROVIDER, `WordPress answered a list without a valid X-WP-Total header (got ${raw === null ? 'none' : JSON.stringify(raw.slice(0, 20))})`);
  }
  return Math.max(total, count);
}
