import { createHttpClient, offsetPaging, type AuthStrategy, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
import {
  ConnectorError,
  EntityIds,
  NotFoundError,
  ValidationError,
  type CmsPort,
  type Content,
  type ContentFilter,
  type ContentKind,
  type ContentPatch,
  type NewContent,
  type Page,
  type PageRequest,
} from '@bizosaas/domain';
import { WordPressApi, type WordPressListPage } from './wordpress.api.js';
import { decodeCursor, encodeCursor, type WordPressOffsets } from './wordpress.cursor.js';
import {
  CONTENT_KIND,
  contentFromWordPress,
  contentPatchToWordPress,
  decodeContentId,
  newContentToWordPress,
  slugCandidates,
  slugToPin,
  statusQuery,
  type WordPressRef,
} from './wordpress.mapping.js';
import { WORDPRESS_PROVIDER, wordPressProfile } from './wordpress.profile.js';
import type { WordPressContent } from './wordpress.schemas.js';

export interface WordPressCmsAdapterOptions {
  readonly connectionId: string;
  /** The site, e.g. https://blog.example.com (the REST API lives under `/wp-json`). */
  readonly siteUrl: string;
  /** Basic auth with the user's application password (see `basicAuth`). */
  readonly auth: AuthStrategy;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per-attempt timeout override (the profile's is 30 s). */
  readonly timeoutMs?: number;
}

const KINDS: readonly ContentKind[] = ['post', 'page'];

/** Turns WordPress's 404 on an item we addressed by id into the port's NotFoundError. */
async function orNotFound<T>(work: Promise<T>, id: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'not_found') throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    throw error;
  }
}

/**
 * `CmsPort` over the WordPress REST API v2: posts and pages, drafts included (the connection's user
 * reads with `context=edit`). Ids carry the kind, so reads by id go straight to `/posts` or `/pages`.
 *
 * Costs: `getContents` is one call per kind per 100 ids; `listContent` one call per page for one kind,
 * two (posts and pages, merged newest first) without a kind filter; `createContent` two calls (the slug
 * is checked or pinned: WordPress makes slugs unique only on publication).
 */
export class WordPressCmsAdapter implements CmsPort {
  readonly provider = WORDPRESS_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: WordPressApi;

  constructor(options: WordPressCmsAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    const profile = options.timeoutMs === undefined ? wordPressProfile : { ...wordPressProfile, timeoutMs: options.timeoutMs };
    this.api = new WordPressApi(
      createHttpClient({
        profile,
        baseUrl: `${options.siteUrl.replace(/\/+$/, '')}/wp-json`,
        connectionId: options.connectionId,
        auth: options.auth,
        ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
        ...(options.logger && { logger: options.logger }),
        ...(options.metrics && { metrics: options.metrics }),
        ...(options.fetch && { fetch: options.fetch }),
        ...(options.sleep && { sleep: options.sleep }),
      }),
    );
  }

  /**
   * Newest first (by id), offset-paged per kind with totals from `X-WP-Total`. Without a kind filter,
   * posts and pages are read side by side and merged. Raises `ValidationError` naming `after` for a
   * cursor of another list. Like any offset paging, items created between two pages shift the rest.
   */
  async listContent(request: PageRequest, filter: ContentFilter = {}): Promise<Page<Content>> {
    const kinds = filter.kind === undefined ? KINDS : [filter.kind];
    const offsets = decodeCursor(request.after, kinds);
    const status = statusQuery(filter.status);
    const pages = await Promise.all(
      kinds.flatMap((kind) => {
        const offset = offsets[kind];
        return offset === null || offset === undefined ? [] : [this.api.list(kind, { offset, perPage: request.first, status }).then((page) => ({ kind, page, taken: 0 }))];
      }),
    );
    const nodes: Content[] = [];
    while (nodes.length < request.first) {
      // The head with the highest id is the newest of what is left.
      let best: (typeof pages)[number] | undefined;
      for (const head of pages) {
        const next = head.page.items[head.taken];
        if (next !== undefined && (best === undefined || next.id > (best.page.items[best.taken]?.id ?? 0))) best = head;
      }
      const record = best?.page.items[best.taken];
      if (best === undefined || record === undefined) break;
      best.taken += 1;
      nodes.push(contentFromWordPress(record, best.kind, this.ids));
    }
    const next: WordPressOffsets = Object.fromEntries(kinds.map((kind) => [kind, null]));
    for (const { kind, page, taken } of pages) {
      const after = offsetPaging<WordPressListPage>({ pageSize: request.first, offset: (p) => p.offset, count: () => taken, total: (p) => p.total })(page);
      next[kind] = after === undefined ? null : Number(after);
    }
    const hasNextPage = kinds.some((kind) => next[kind] !== null);
    // WordPress answers X-WP-Total 0 past the end, and exhausted kinds are not asked again: count only when every total is known.
    const totalsKnown = pages.length === kinds.length && pages.every(({ page }) => page.items.length > 0 || page.offset === 0);
    return {
      items: nodes.map((node) => ({ node, cursor: null })),
      endCursor: hasNextPage ? encodeCursor(next) : null,
      hasNextPage,
      totalCount: totalsKnown ? pages.reduce((sum, { page }) => sum + page.total, 0) : null,
    };
  }

  /** One call per kind per 100 ids; one slot per id in request order, null for unknown, foreign or malformed ids. */
  async getContents(ids: readonly string[]): Promise<readonly (Content | null)[]> {
    const refs = ids.map((id) => decodeContentId(this.ids, id));
    const found = new Map<string, Content>();
    await Promise.all(
      KINDS.map(async (kind) => {
        const wpIds = refs.flatMap((ref) => (ref?.kind === kind ? [ref.wpId] : []));
        if (wpIds.length === 0) return;
        for (const record of await this.api.include(kind, wpIds)) found.set(`${kind}:${record.id}`, contentFromWordPress(record, kind, this.ids));
      }),
    );
    return refs.map((ref) => (ref === undefined ? null : (found.get(`${ref.kind}:${ref.wpId}`) ?? null)));
  }

  /**
   * Creates a draft with a slug unique among the kind's items: an explicit one, suffixed when taken, or
   * WordPress's own `generated_slug` from the title.
   */
  async createContent(input: NewContent): Promise<Content> {
    if (!KINDS.includes(input.kind)) throw new ValidationError([{ field: 'kind', reason: `must be one of ${KINDS.join(', ')}` }]);
    const slug = input.slug == null ? input.slug : await this.freeSlug(input.kind, input.slug, undefined);
    const created = await this.api.create(input.kind, newContentToWordPress({ ...input, slug }));
    return contentFromWordPress(await this.pinSlug(input.kind, created), input.kind, this.ids);
  }

  /**
   * Patch semantics: omitted fields stay, `excerpt: null` clears, `slug: null` derives it from the title
   * again. Raises `NotFoundError` for an unknown id, `ValidationError` when title or body is null.
   */
  async updateContent(id: string, patch: ContentPatch): Promise<Content> {
    const ref = this.refOf(id);
    for (const field of ['title', 'body'] as const) {
      if (patch[field] === null) throw new ValidationError([{ field, reason: 'cannot be cleared' }]);
    }
    const slug = patch.slug == null ? patch.slug : await this.freeSlug(ref.kind, patch.slug, ref.wpId);
    const fields = contentPatchToWordPress(ref.kind, { ...patch, ...(slug !== undefined && { slug }) });
    const record = await orNotFound(Object.keys(fields).length > 0 ? this.api.update(ref.kind, ref.wpId, fields) : this.api.get(ref.kind, ref.wpId), id);
    const pinned = patch.slug === undefined ? record : await this.pinSlug(ref.kind, record);
    return contentFromWordPress(pinned, ref.kind, this.ids);
  }

  /** `status: publish`; WordPress dates a draft's publication now. Raises `NotFoundError` for an unknown id. */
  publishContent(id: string): Promise<Content> {
    return this.setStatus(id, 'publish');
  }

  /** `status: draft`. Raises `NotFoundError` for an unknown id. */
  unpublishContent(id: string): Promise<Content> {
    return this.setStatus(id, 'draft');
  }

  private async setStatus(id: string, status: 'publish' | 'draft'): Promise<Content> {
    const ref = this.refOf(id);
    const record = await orNotFound(this.api.update(ref.kind, ref.wpId, { status }), id);
    return contentFromWordPress(record, ref.kind, this.ids);
  }

  /** Writes WordPress's unique `generated_slug` onto a draft whose slug is still empty (one more call). */
  private async pinSlug(kind: ContentKind, record: WordPressContent): Promise<WordPressContent> {
    const slug = slugToPin(record);
    return slug === undefined ? record : this.api.update(kind, record.id, { slug });
  }

  /** `wanted` or the first free `wanted-<n>` among the kind's items (one call per 10 candidates). */
  private async freeSlug(kind: ContentKind, wanted: string, self: number | undefined): Promise<string> {
    for (let round = 0; round < 10; round += 1) {
      const candidates = slugCandidates(wanted, round, 10);
      const taken = await this.api.slugsTaken(kind, candidates, self);
      const free = candidates.find((slug) => !taken.has(slug));
      if (free !== undefined) return free;
    }
    throw new ConnectorError('conflict', WORDPRESS_PROVIDER, `WordPress already has 100 ${kind}s with slugs "${wanted}" to "${wanted}-100"; choose another slug`);
  }

  private refOf(id: string): WordPressRef {
    const ref = decodeContentId(this.ids, id);
    if (ref === undefined) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    return ref;
  }
}
