import { createHttpClient, type AuthStrategy, type ConnectorMetrics, type KitLogger, type RateLimiter } from '@bizosaas/connector-kit';
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
import { DrupalApi, isAliasTaken, type DrupalNodes } from './drupal.api.js';
import { listByKind } from '../shared/kind-listing.js';
import { bundleOf, CONTENT_KIND, contentFromDrupal, DRUPAL_PROVIDER, idPart, newNodeAttributes, parseIdPart, patchNodeAttributes, slugify } from './drupal.mapping.js';
import { drupalProfile } from './drupal.profile.js';
import type { DrupalSettings } from './drupal.settings.js';

export interface DrupalCmsAdapterOptions {
  readonly connectionId: string;
  readonly settings: DrupalSettings;
  /** Basic auth (core basic_auth) or a bearer token (simple_oauth). */
  readonly auth: AuthStrategy;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const KINDS: readonly ContentKind[] = ['post', 'page'];
/** Attempts at a free path alias when the wanted one is taken (`slug`, `slug-2`, ...). */
const ALIAS_ATTEMPTS = 5;

type Ranked = { readonly content: Content; readonly nid: number };

/**
 * `CmsPort` over Drupal core's JSON:API, one node bundle per kind (article = post, page = page by default).
 * Drafts are unpublished nodes (`status: false`), visible to a user allowed to see them.
 *
 * Costs: `getContents` is one call per bundle per 50 ids (the `IN` filter); a list page is one call per
 * 50 items per bundle it covers; create is one call (more only when the path alias is taken); update is
 * one call, two when the body or excerpt changes (the body field holds both, so the other is read first).
 */
export class DrupalCmsAdapter implements CmsPort {
  readonly provider = DRUPAL_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: DrupalApi;
  private readonly settings: DrupalSettings;

  constructor(options: DrupalCmsAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.settings = options.settings;
    this.api = new DrupalApi(
      createHttpClient({
        profile: drupalProfile,
        baseUrl: options.settings.siteUrl,
        connectionId: options.connectionId,
        auth: options.auth,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
        ...(options.logger && { logger: options.logger }),
        ...(options.metrics && { metrics: options.metrics }),
        ...(options.sleep && { sleep: options.sleep }),
      }),
    );
  }

  async listContent(request: PageRequest, filter: ContentFilter = {}): Promise<Page<Content>> {
    const status = filter.status === undefined ? undefined : filter.status === 'published' ? true : filter.status === 'draft' ? false : null;
    // Drupal core has no scheduled or archived state: those lists are empty, without a call.
    if (status === null) return { items: [], endCursor: null, hasNextPage: false, totalCount: 0 };
    const kinds = KINDS.filter((kind) => filter.kind === undefined || filter.kind === kind);
    const page = await listByKind<Ranked>(
      kinds,
      request,
      async (kind, offset, limit) => {
        const range = await this.api.listRange(bundleOf(kind, this.settings), status, offset, limit);
        // JSON:API's collections have no total count in core.
        return { items: this.rank(range), total: null, more: range.more };
      },
      (a, b) => b.content.createdAt.getTime() - a.content.createdAt.getTime() || b.nid - a.nid,
    );
    return { items: page.nodes.map(({ content }) => ({ node: content, cursor: null })), endCursor: page.endCursor, hasNextPage: page.hasNextPage, totalCount: page.totalCount };
  }

  async getContents(ids: readonly string[]): Promise<readonly (Content | null)[]> {
    const refs = ids.map((id) => this.decode(id));
    const byBundle = new Map<string, string[]>();
    for (const ref of refs) if (ref !== null) byBundle.set(ref.bundle, [...(byBundle.get(ref.bundle) ?? []), ref.uuid]);
    const found = new Map<string, Content>();
    await Promise.all(
      [...byBundle].map(async ([bundle, uuids]) => {
        for (const { content } of this.rank(await this.api.byIds(bundle, uuids))) found.set(idPart(bundle, content.externalId), content);
      }),
    );
    return refs.map((ref) => (ref === null ? null : (found.get(idPart(ref.bundle, ref.uuid)) ?? null)));
  }

  async createContent(input: NewContent): Promise<Content> {
    const bundle = bundleOf(input.kind, this.settings);
    const wanted = input.slug !== undefined && input.slug !== null && input.slug !== '' ? slugify(input.slug) : slugify(input.title);
    for (let attempt = 1; ; attempt += 1) {
      // Drupal refuses a taken alias with 422 before creating anything, so another try cannot duplicate.
      const slug = attempt === 1 ? wanted : attempt <= ALIAS_ATTEMPTS ? `${wanted}-${attempt}` : `${wanted}-${Date.now().toString(36)}`;
      try {
        return this.one(await this.api.create(bundle, newNodeAttributes(input, slug, this.settings.textFormat)));
      } catch (error) {
        if (!isAliasTaken(error) || attempt > ALIAS_ATTEMPTS) throw error;
      }
    }
  }

  async updateContent(id: string, patch: ContentPatch): Promise<Content> {
    if (patch.title === null || patch.body === null) throw new ValidationError([{ field: patch.title === null ? 'title' : 'body', reason: 'cannot be cleared' }]);
    const ref = this.require(id);
    const needsCurrent = patch.body !== undefined || patch.excerpt !== undefined;
    const current = needsCurrent ? (await this.getContents([id]))[0] : null;
    if (needsCurrent && !current) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    const attributes = patchNodeAttributes(patch, current ?? null, this.settings.textFormat);
    return this.patch(id, ref, attributes);
  }

  async publishContent(id: string): Promise<Content> {
    return this.patch(id, this.require(id), { status: true });
  }

  async unpublishContent(id: string): Promise<Content> {
    return this.patch(id, this.require(id), { status: false });
  }

  private async patch(id: string, ref: { bundle: string; uuid: string }, attributes: Record<string, unknown>): Promise<Content> {
    try {
      return this.one(await this.api.update(ref.bundle, ref.uuid, attributes));
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') throw new NotFoundError(CONTENT_KIND, id, 'CMS');
      throw error;
    }
  }

  private rank(nodes: DrupalNodes): Ranked[] {
    return nodes.nodes.flatMap((node) => {
      const content = contentFromDrupal(node, nodes.included, this.settings, this.ids);
      return content === null ? [] : [{ content, nid: node.attributes.drupal_internal__nid }];
    });
  }

  private one(nodes: DrupalNodes): Content {
    const [first] = this.rank(nodes);
    if (!first) throw new ConnectorError('invalid_response', DRUPAL_PROVIDER, 'Drupal answered a write with a node of another content type');
    return first.content;
  }

  private decode(id: string): { bundle: string; uuid: string } | null {
    const part = this.ids.decode(CONTENT_KIND, id);
    return part === undefined ? null : parseIdPart(part, this.settings);
  }

  private require(id: string): { bundle: string; uuid: string } {
    const ref = this.decode(id);
    if (ref === null) throw new NotFoundError(CONTENT_KIND, id, 'CMS');
    return ref;
  }
}
