import type { ContentKind, SqlClient } from '@bizosaas/domain';
import { pad, prng } from '../shared/prng.js';
import { contentUrl } from './sandbox-cms.mapping.js';
import { sandboxCmsProfiles, type SandboxCmsProfileName } from './sandbox-cms.seed-profiles.js';
import { slugify, uniqueSlug } from './sandbox-cms.slug.js';

/** One seeded post or page, before it is inserted. `id` is the external id (`post_001`, `page_01`). */
export interface SandboxCmsSeedItem {
  readonly id: string;
  readonly kind: ContentKind;
  readonly title: string;
  readonly slug: string;
  readonly body: string;
  readonly excerpt: string | null;
  readonly status: 'draft' | 'published';
  /** The public URL the adapter will report (site URL + /blog or /pages + slug). */
  readonly url: string;
  readonly publishedAt: Date | null;
  readonly authorName: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A demo site: its base URL and its items, oldest first (the insertion order, so lists show newest first). */
export interface SandboxCmsSeedData {
  readonly siteUrl: string;
  readonly items: readonly SandboxCmsSeedItem[];
}

/** What `seedSandboxCmsDataset` did. */
export interface SandboxCmsSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly posts: number;
  readonly pages: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Builds a profile's demo site. Pure and deterministic: same profile, same rows. */
export function buildSandboxCmsSeed(profileName: SandboxCmsProfileName): SandboxCmsSeedData {
  const profile = sandboxCmsProfiles[profileName];
  const random = prng(profile.seed);
  const slugs: Record<ContentKind, Set<string>> = { post: new Set(), page: new Set() };
  const body = (title: string): { html: string; excerpt: string } => {
    const intro = random.pick(profile.intros).replace('{title}', title);
    const [first, second, third] = [random.pick(profile.paragraphs), random.pick(profile.paragraphs), random.pick(profile.paragraphs)];
    const html = [`<p>${escapeHtml(intro)}</p>`, `<h2>${escapeHtml(random.pick(profile.headings))}</h2>`, `<p>${escapeHtml(first)}</p>`, `<p>${escapeHtml(second)}</p>`, `<p>${escapeHtml(third)}</p>`].join('\n');
    return { html, excerpt: intro };
  };
  const item = (kind: ContentKind, id: string, title: string, published: boolean, createdAt: Date): SandboxCmsSeedItem => {
    const slug = uniqueSlug(slugify(title), slugs[kind]);
    slugs[kind].add(slug);
    const { html, excerpt } = body(title);
    const publishedAt = published ? new Date(createdAt.getTime() + random.int(2, 72) * HOUR) : null;
    return {
      id,
      kind,
      title,
      slug,
      body: html,
      // Some drafts have no excerpt yet: the field is optional in every CMS.
      excerpt: published || random.next() < 0.5 ? excerpt : null,
      status: published ? 'published' : 'draft',
      url: contentUrl(profile.siteUrl, kind, slug),
      publishedAt,
      authorName: random.pick(profile.authors),
      createdAt,
      updatedAt: new Date((publishedAt ?? createdAt).getTime() + random.int(0, 48) * HOUR),
    };
  };

  const since = Date.parse(profile.since);
  // Pages exist before the blog starts: a site launches with its pages.
  const pages = profile.pages.map(([title, published], i) => item('page', `page_${pad(i + 1, 2)}`, title, published, new Date(since - (30 - i) * DAY)));
  let clock = since;
  const posts = profile.postTitles.map((title, i) => {
    if (i > 0) clock += random.int(profile.gapDays[0], profile.gapDays[1]) * DAY + random.int(0, 8) * HOUR;
    // The newest two posts are still being written; a few older ones were never finished.
    const published = i < profile.postTitles.length - 2 && random.next() >= 0.1;
    return item('post', `post_${pad(i + 1, 3)}`, title, published, new Date(clock));
  });
  return { siteUrl: profile.siteUrl, items: [...pages, ...posts] };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Seeds a sandbox CMS dataset with a profile's site (its base URL) and content, in one transaction.
 * Idempotent: a dataset that already has a site or any content is left alone (`seeded: false`).
 */
export async function seedSandboxCmsDataset(sql: SqlClient, dataset: string, options: { profile: SandboxCmsProfileName }): Promise<SandboxCmsSeedResult> {
  const data = buildSandboxCmsSeed(options.profile);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_cms:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_cms_sites where dataset = $1) or exists(select 1 from sandbox_cms_content where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, posts: 0, pages: 0 };

    await tx.query(`insert into sandbox_cms_sites (dataset, id, base_url) values ($1, 'site', $2)`, [dataset, data.siteUrl]);
    for (const item of data.items) {
      await tx.query(
        `insert into sandbox_cms_content (dataset, id, kind, title, slug, body, excerpt, status, published_at, author_name, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [dataset, item.id, item.kind, item.title, item.slug, item.body, item.excerpt, item.status, item.publishedAt, item.authorName, item.createdAt, item.updatedAt],
      );
    }
    const posts = data.items.filter((item) => item.kind === 'post').length;
    return { seeded: true, posts, pages: data.items.length - posts };
  });
}
