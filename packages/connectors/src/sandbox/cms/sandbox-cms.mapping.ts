import type { Content, ContentKind, EntityIds } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxContentRow } from './sandbox-cms.rows.js';

/** The canonical entity kind encoded into content ids by `EntityIds`. */
export const CONTENT_KIND = 'Content';

/** The base URL of a dataset created without a demo profile (no site row). */
export const DEFAULT_SITE_URL = 'https://sandbox.example';

/** Where each kind lives under the site: posts under /blog, pages under /pages. */
const PATH_OF: Readonly<Record<ContentKind, string>> = { post: 'blog', page: 'pages' };

/** `https://acme-software.example` + post + `q3-release` -> `https://acme-software.example/blog/q3-release`. Pure. */
export function contentUrl(baseUrl: string | null, kind: ContentKind, slug: string): string {
  const base = (baseUrl ?? DEFAULT_SITE_URL).replace(/\/+$/, '');
  return `${base}/${PATH_OF[kind]}/${encodeURIComponent(slug)}`;
}

/** A content row as canonical Content, fields copied one by one. Pure: no I/O. */
export function contentFromRow(row: SandboxContentRow, ids: EntityIds): Content {
  return {
    id: ids.encode(CONTENT_KIND, row.id),
    externalId: row.id,
    source: { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    kind: row.kind,
    title: row.title,
    slug: row.slug,
    body: row.body,
    excerpt: row.excerpt,
    status: row.status,
    url: contentUrl(row.base_url, row.kind, row.slug),
    publishedAt: row.published_at,
    authorName: row.author_name,
  };
}
