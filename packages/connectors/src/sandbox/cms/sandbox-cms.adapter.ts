import { randomBytes } from 'node:crypto';
import {
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
  type SqlClient,
} from '@bizosaas/domain';
import { seqAfter, toPage } from '../shared/paging.js';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { SqlAssignments } from '../shared/sql-assignments.js';
import { CONTENT_KIND, contentFromRow } from './sandbox-cms.mapping.js';
import { parseContentRow } from './sandbox-cms.rows.js';
import { slugify, suffixedSlugPattern, uniqueSlug } from './sandbox-cms.slug.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxCmsAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

// Content rows carry the site's base URL, so every read builds the URL without a second query.
const BASE_URL = '(select s.base_url from sandbox_cms_sites s where s.dataset = c.dataset order by s.seq limit 1) as base_url';
const SELECT_CONTENT = `select c.*, ${BASE_URL} from sandbox_cms_content c`;

/** Runs a data-modifying statement (`returning *`) and answers its rows with the base URL joined on. */
function withBaseUrl(statement: string): string {
  return `with changed as (${statement}) select c.*, ${BASE_URL} from changed c`;
}

const KINDS: readonly ContentKind[] = ['post', 'page'];

/**
 * The sandbox CMS: a real `CmsPort` over tables in the platform database. Posts and pages with unique
 * slugs per kind, drafts and published items, newest first with opaque cursors. Publishing rules (only
 * a draft can be published) belong to the content service; this adapter does what it is told.
 */
export class SandboxCmsAdapter implements CmsPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxCmsAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  /** Newest first (descending `seq`). Raises `ValidationError` naming `after` for a foreign cursor. */
  async listContent(request: PageRequest, filter: ContentFilter = {}): Promise<Page<Content>> {
    const where = new SqlAssignments([this.dataset]);
    if (filter.kind !== undefined) where.add(`kind = ${where.param(filter.kind)}`);
    // 'scheduled' and 'archived' are valid filters; the sandbox simply has no such items.
    if (filter.status !== undefined) where.add(`status = ${where.param(filter.status)}`);
    const conditions = where.whereClause();
    const count = await this.sql.query(`select count(*)::int as total from sandbox_cms_content where ${conditions}`, where.params);
    const page = new SqlAssignments(where.params);
    // '0' means "no cursor": the first page. Otherwise continue below the last seq seen.
    const before = page.param(seqAfter(request));
    const { rows } = await this.sql.query(
      `${SELECT_CONTENT} where ${conditions} and (${before}::bigint = 0 or seq < ${before}::bigint) order by seq desc limit ${page.param(request.first + 1)}`,
      page.params,
    );
    const total = count.rows[0]?.total;
    return toPage(rows.map(parseContentRow), request.first, typeof total === 'number' ? total : 0, (row) => contentFromRow(row, this.ids));
  }

  /** One query; one slot per id in request order, null for unknown, foreign or malformed ids. */
  async getContents(ids: readonly string[]): Promise<readonly (Content | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(CONTENT_KIND, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { rows } = await this.sql.query(`${SELECT_CONTENT} where dataset = $1 and id = any($2::text[])`, [this.dataset, wanted]);
    const byExternalId = new Map(rows.map((row) => {
      const content = contentFromRow(parseContentRow(row), this.ids);
      return [content.externalId, content] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byExternalId.get(externalId) ?? null)));
  }

  /** Creates a draft; the slug comes from `slug` or the title, made unique with -2, -3... Raises `ValidationError` for an unknown kind. */
  async createContent(input: NewContent): Promise<Content> {
    if (!KINDS.includes(input.kind)) throw new ValidationError([{ field: 'kind', reason: `must be one of ${KINDS.join(', ')}` }]);
    return this.sql.transaction(async (tx) => {
      const slug = await this.freeSlug(tx, input.kind, slugify(input.slug ?? input.title), null);
      const { rows } = await tx.query(
        withBaseUrl(`insert into sandbox_cms_content (dataset, id, kind, title, slug, body, excerpt, status)
         values ($1, $2, $3, $4, $5, $6, $7, 'draft') returning *`),
        [this.dataset, `cn_${randomBytes(8).toString('hex')}`, input.kind, input.title, slug, input.body, input.excerpt ?? null],
      );
      return contentFromRow(parseContentRow(rows[0]), this.ids);
    });
  }

  /**
   * Patch semantics: omitted fields stay, `excerpt: null` clears, `slug: null` derives the slug from the
   * (new) title again. Raises `NotFoundError` for an unknown id, `ValidationError` when title or body is null.
   */
  async updateContent(id: string, patch: ContentPatch): Promise<Content> {
    const externalId = this.ids.decode(CONTENT_KIND, id);
    if (externalId === undefined) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    for (const field of ['title', 'body'] as const) {
      if (patch[field] === null) throw new ValidationError([{ field, reason: 'cannot be cleared' }]);
    }
    return this.sql.transaction(async (tx) => {
      const current = await tx.query(`${SELECT_CONTENT} where dataset = $1 and id = $2 for update of c`, [this.dataset, externalId]);
      if (current.rows.length === 0) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
      const { kind, title } = parseContentRow(current.rows[0]);
      const set = new SqlAssignments([this.dataset, externalId]);
      set.assign('title', patch.title);
      set.assign('body', patch.body);
      set.assign('excerpt', patch.excerpt);
      if (patch.slug !== undefined) set.assign('slug', await this.freeSlug(tx, kind, slugify(patch.slug ?? patch.title ?? title), externalId));
      const { rows } = await tx.query(withBaseUrl(`update sandbox_cms_content set ${set.setClause()} where dataset = $1 and id = $2 returning *`), set.params);
      return contentFromRow(parseContentRow(rows[0]), this.ids);
    });
  }

  /** Status published; `publishedAt` is now, or kept when already published. Raises `NotFoundError` for an unknown id. */
  publishContent(id: string): Promise<Content> {
    return this.setStatus(id, `status = 'published', published_at = case when status = 'published' then published_at else now() end`);
  }

  /** Status back to draft; a draft has no publication date. Raises `NotFoundError` for an unknown id. */
  unpublishContent(id: string): Promise<Content> {
    return this.setStatus(id, `status = 'draft', published_at = null`);
  }

  private async setStatus(id: string, assignments: string): Promise<Content> {
    const externalId = this.ids.decode(CONTENT_KIND, id);
    if (externalId === undefined) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    const { rows } = await this.sql.query(
      withBaseUrl(`update sandbox_cms_content set ${assignments}, updated_at = now() where dataset = $1 and id = $2 returning *`),
      [this.dataset, externalId],
    );
    if (rows.length === 0) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    return contentFromRow(parseContentRow(rows[0]), this.ids);
  }

  /** `base` or the first free `base-<n>` of this kind, ignoring the item being updated (`self`). */
  private async freeSlug(tx: SqlClient, kind: ContentKind, base: string, self: string | null): Promise<string> {
    // Two creates with the same title at once must not pick the same slug: serialise slug choice per kind.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_cms:${this.dataset}:${kind}`]);
    const { rows } = await tx.query(
      `select slug from sandbox_cms_content where dataset = $1 and kind = $2 and (slug = $3 or slug like $4) and ($5::text is null or id <> $5::text)`,
      [this.dataset, kind, base, suffixedSlugPattern(base), self],
    );
    const taken = new Set(rows.flatMap((row) => (typeof row.slug === 'string' ? [row.slug] : [])));
    return uniqueSlug(base, taken);
  }
}
