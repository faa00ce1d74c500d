import type { Content, ContentKind, EntityIds } from '@bizosaas/domain';
import { wagtailStreamSchema, type WagtailPage } from './wagtail.schemas.js';
import type { WagtailSettings } from './wagtail.settings.js';

export const WAGTAIL_PROVIDER = 'wagtail';
/** The canonical entity kind encoded into content ids by `EntityIds`. */
export const CONTENT_KIND = 'Content';

/** The kind a Wagtail page type stands for on this connection, or null for types it does not list. */
export function kindOfType(type: string, settings: Pick<WagtailSettings, 'postType' | 'pageType'>): ContentKind | null {
  if (type === settings.postType) return 'post';
  if (settings.pageType !== null && type === settings.pageType) return 'page';
  return null;
}

/** The page type listed as `kind`, or null when the connection has none. */
export function typeOfKind(kind: ContentKind, settings: Pick<WagtailSettings, 'postType' | 'pageType'>): string | null {
  return kind === 'post' ? settings.postType : settings.pageType;
}

/** A RichTextField is HTML already; a StreamField's text is the HTML of its string-valued blocks, in order. Pure. */
export function bodyHtml(value: unknown): string {
  if (typeof value === 'string') return value;
  const blocks = wagtailStreamSchema.safeParse(value);
  if (!blocks.success) return '';
  return blocks.data.map((block) => (typeof block.value === 'string' ? block.value : '')).filter((html) => html !== '').join('\n');
}

const date = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);

/**
 * A live Wagtail page as canonical Content (fields copied one by one), or null when its type is neither
 * the post nor the page type. The API shows live pages only, so the status is always `published`; it has
 * no creation date, so `createdAt` is the first publication (epoch for pages imported without one).
 */
export function contentFromWagtail(page: WagtailPage, settings: Pick<WagtailSettings, 'postType' | 'pageType' | 'bodyField'>, ids: EntityIds): Content | null {
  const kind = kindOfType(page.meta.type, settings);
  if (kind === null) return null;
  const externalId = String(page.id);
  const firstPublished = date(page.meta.first_published_at);
  const lastPublished = date(page.meta.last_published_at) ?? firstPublished;
  const description = page.meta.search_description ?? '';
  return {
    id: ids.encode(CONTENT_KIND, externalId),
    externalId,
    source: { provider: WAGTAIL_PROVIDER, connectionId: ids.connectionId },
    createdAt: firstPublished ?? new Date(0),
    updatedAt: lastPublished ?? new Date(0),
    raw: page,
    kind,
    title: page.title,
    slug: page.meta.slug,
    body: bodyHtml(page[settings.bodyField]),
    excerpt: description === '' ? null : description,
    status: 'published',
    url: page.meta.html_url ?? null,
    publishedAt: firstPublished,
    // The API exposes the owner only when the model lists it in api_fields; we do not guess.
    authorName: null,
  };
}
