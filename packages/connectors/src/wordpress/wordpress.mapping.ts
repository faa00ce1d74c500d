import type { Content, ContentKind, ContentPatch, ContentStatus, EntityIds, NewContent } from '@bizosaas/domain';
import { WORDPRESS_PROVIDER } from './wordpress.profile.js';
import type { WordPressContent, WordPressStatus } from './wordpress.schemas.js';

/** The canonical entity kind encoded into content ids by `EntityIds`. */
export const CONTENT_KIND = 'Content';

/** Where each kind lives in the REST API: https://developer.wordpress.org/rest-api/reference/ */
export const WordPressCollections: Readonly<Record<ContentKind, 'posts' | 'pages'>> = { post: 'posts', page: 'pages' };

/** A content id's inside: which endpoint (kind) and WordPress's numeric id. */
export interface WordPressRef {
  readonly kind: ContentKind;
  readonly wpId: number;
}

/** `post:12` / `page:7` inside the opaque id, so a read by id knows its endpoint without asking. */
export function encodeContentId(ids: EntityIds, ref: WordPressRef): string {
  return ids.encode(CONTENT_KIND, `${ref.kind}:${ref.wpId}`);
}

/** The ref inside an id minted for this connection, or undefined (malformed, foreign, other kind). */
export function decodeContentId(ids: EntityIds, id: string): WordPressRef | undefined {
  const inner = ids.decode(CONTENT_KIND, id);
  const match = inner === undefined ? null : /^(post|page):([1-9]\d{0,18})$/.exec(inner);
  if (match === null || (match[1] !== 'post' && match[1] !== 'page')) return undefined;
  return { kind: match[1], wpId: Number(match[2]) };
}

/**
 * WordPress statuses -> ours. `pending` (awaiting review) is still a draft to us; `private` (published
 * for logged-in users only) and `trash` are no longer public, so archived.
 */
const STATUS_FROM_WORDPRESS: Readonly<Record<WordPressStatus, ContentStatus>> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  'auto-draft': 'draft',
  private: 'archived',
  trash: 'archived',
};

/** The `status` query of a list for our filter: the exact inverse of the mapping above (trash never listed). */
export function statusQuery(status: ContentStatus | undefined): string {
  switch (status) {
    case undefined:
      return 'publish,future,draft,pending,private';
    case 'published':
      return 'publish';
    case 'scheduled':
      return 'future';
    case 'draft':
      return 'draft,pending';
    case 'archived':
      return 'private';
  }
}

/** `2026-11-25T18:48:34` (GMT without zone) as a Date. */
function gmt(value: string): Date {
  return new Date(`${value}Z`);
}

/** A WordPress post or page as canonical Content, fields copied one by one. Pure: no I/O. */
export function contentFromWordPress(record: WordPressContent, kind: ContentKind, ids: EntityIds): Content {
  const status = STATUS_FROM_WORDPRESS[record.status];
  // WordPress has no creation timestamp in the API: `date` is the creation time of a draft and the
  // publication time afterwards.
  const date = record.date_gmt === null ? gmt(record.modified_gmt) : gmt(record.date_gmt);
  const excerpt = record.excerpt === undefined ? '' : (record.excerpt.raw ?? record.excerpt.rendered);
  return {
    id: encodeContentId(ids, { kind, wpId: record.id }),
    externalId: String(record.id),
    source: { provider: WORDPRESS_PROVIDER, connectionId: ids.connectionId },
    createdAt: date,
    updatedAt: gmt(record.modified_gmt),
    raw: record,
    kind,
    // `raw` is what was written; `rendered` has entities and filters applied (only without edit rights).
    title: record.title.raw ?? record.title.rendered,
    // A draft's slug is empty until it is published; `generated_slug` is the one it will get.
    slug: record.slug !== '' ? record.slug : (record.generated_slug ?? ''),
    body: record.content.raw ?? record.content.rendered,
    excerpt: excerpt === '' ? null : excerpt,
    status,
    url: record.link === '' ? null : record.link,
    publishedAt: status === 'draft' ? null : date,
    authorName: record._embedded?.author?.[0]?.name ?? null,
  };
}

/** The body of a create: always a draft. Pages take no excerpt (WordPress ignores it). Pure. */
export function newContentToWordPress(input: NewContent): Record<string, string> {
  return {
    status: 'draft',
    title: input.title,
    content: input.body,
    ...(input.kind === 'post' && input.excerpt != null && { excerpt: input.excerpt }),
    ...(input.slug != null && { slug: input.slug }),
  };
}

/** The body of an update: omitted fields stay; a null excerpt or slug is sent empty (cleared / derived again). Pure. */
export function contentPatchToWordPress(kind: ContentKind, patch: ContentPatch): Record<string, string> {
  return {
    ...(typeof patch.title === 'string' && { title: patch.title }),
    ...(typeof patch.body === 'string' && { content: patch.body }),
    ...(kind === 'post' && patch.excerpt !== undefined && { excerpt: patch.excerpt ?? '' }),
    ...(patch.slug !== undefined && { slug: patch.slug ?? '' }),
  };
}

/**
 * A draft's slug to pin, or undefined. WordPress leaves a draft's slug empty until publication;
 * `generated_slug` is the unique slug it would get from its title now, so writing it back gives the draft
 * the slug it will keep and takes it out of later drafts' way. (`generated_slug` always derives from the
 * title, so it says nothing about an explicit slug: see `slugCandidates`.)
 */
export function slugToPin(record: WordPressContent): string | undefined {
  const draft = record.status === 'draft' || record.status === 'pending';
  const generated = record.generated_slug;
  return draft && record.slug === '' && generated !== undefined && generated !== '' ? generated : undefined;
}

/**
 * `wanted`, then `wanted-2`, `wanted-3`... as WordPress's `wp_unique_post_slug` suffixes a taken slug
 * (which it does only on publication: a draft keeps a taken explicit slug). `round` 0 is the first `size`.
 */
export function slugCandidates(wanted: string, round: number, size: number): string[] {
  return Array.from({ length: size }, (_, i) => round * size + i + 1).map((n) => (n === 1 ? wanted : `${wanted}-${n}`));
}
