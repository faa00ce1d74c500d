import type { Content, ContentKind, ContentPatch, EntityIds, NewContent } from '@bizosaas/domain';
import type { DrupalIncluded, DrupalNode } from './drupal.schemas.js';
import type { DrupalSettings } from './drupal.settings.js';

export const DRUPAL_PROVIDER = 'drupal';
/** The canonical entity kind encoded into content ids by `EntityIds`. */
export const CONTENT_KIND = 'Content';

type Bundles = Pick<DrupalSettings, 'postBundle' | 'pageBundle'>;

export const bundleOf = (kind: ContentKind, settings: Bundles): string => (kind === 'post' ? settings.postBundle : settings.pageBundle);

/** `node--article` -> post (with the default bundles); null for bundles the connection does not list. */
export function kindOfType(type: string, settings: Bundles): ContentKind | null {
  if (type === `node--${settings.postBundle}`) return 'post';
  if (type === `node--${settings.pageBundle}`) return 'page';
  return null;
}

/**
 * What our ids carry: the bundle and the node's UUID (`article/<uuid>`). JSON:API addresses a node by
 * bundle and UUID, and core has no cross-bundle node collection, so the bundle must travel with the id.
 */
export const idPart = (bundle: string, uuid: string) => `${bundle}/${uuid}`;

export function parseIdPart(part: string, settings: Bundles): { bundle: string; uuid: string } | null {
  const match = /^([a-z][a-z0-9_]*)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(part);
  if (!match || (match[1] !== settings.postBundle && match[1] !== settings.pageBundle)) return null;
  return { bundle: match[1], uuid: match[2] ?? '' };
}

/** `Same Title!` -> `same-title`. Pure. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return slug === '' ? 'untitled' : slug;
}

/** The author's name from `included` (present when the request had `include=uid` and may see users). */
function authorName(node: DrupalNode, included: readonly DrupalIncluded[]): string | null {
  const ref = node.relationships?.uid?.data;
  if (!ref) return null;
  const user = included.find((r) => r.type === ref.type && r.id === ref.id);
  return user?.attributes?.display_name ?? user?.attributes?.name ?? null;
}

/**
 * A node as canonical Content (fields copied one by one), or null for a bundle the connection does not
 * list. Drupal core keeps no publication date: a published node's `publishedAt` is the contrib
 * `published_at` when present, else its "authored on" date (`created`), which is what Drupal shows.
 */
export function contentFromDrupal(node: DrupalNode, included: readonly DrupalIncluded[], settings: Pick<DrupalSettings, 'siteUrl' | 'postBundle' | 'pageBundle'>, ids: EntityIds): Content | null {
  const kind = kindOfType(node.type, settings);
  if (kind === null) return null;
  const { attributes } = node;
  const alias = attributes.path?.alias ?? null;
  const summary = attributes.body?.summary ?? '';
  return {
    id: ids.encode(CONTENT_KIND, idPart(bundleOf(kind, settings), node.id)),
    externalId: node.id,
    source: { provider: DRUPAL_PROVIDER, connectionId: ids.connectionId },
    createdAt: new Date(attributes.created),
    updatedAt: new Date(attributes.changed),
    raw: node,
    kind,
    title: attributes.title,
    slug: alias ? (alias.split('/').filter((s) => s !== '').pop() ?? `node-${attributes.drupal_internal__nid}`) : `node-${attributes.drupal_internal__nid}`,
    body: attributes.body?.value ?? '',
    excerpt: summary === '' ? null : summary,
    status: attributes.status ? 'published' : 'draft',
    url: `${settings.siteUrl}${alias ?? `/node/${attributes.drupal_internal__nid}`}`,
    publishedAt: attributes.status ? new Date(attributes.published_at ?? attributes.created) : null,
    authorName: authorName(node, included),
  };
}

/** JSON:API attributes for a new node: always a draft (`status: false`). Pure. */
export function newNodeAttributes(input: NewContent, slug: string, textFormat: string): Record<string, unknown> {
  return {
    title: input.title,
    status: false,
    body: { value: input.body, format: textFormat, summary: input.excerpt ?? '' },
    path: { alias: `/${slug}` },
  };
}

/**
 * JSON:API attributes for a patch. `body` is one field item (value + summary), so changing either needs
 * the other's current value. Pure.
 */
export function patchNodeAttributes(patch: ContentPatch, current: { body: string; excerpt: string | null } | null, textFormat: string): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (patch.title !== undefined && patch.title !== null) attributes.title = patch.title;
  if (patch.slug !== undefined && patch.slug !== null) attributes.path = { alias: `/${patch.slug}` };
  if (current !== null && (patch.body !== undefined || patch.excerpt !== undefined)) {
    attributes.body = { value: patch.body ?? current.body, format: textFormat, summary: patch.excerpt === undefined ? (current.excerpt ?? '') : (patch.excerpt ?? '') };
  }
  return attributes;
}
