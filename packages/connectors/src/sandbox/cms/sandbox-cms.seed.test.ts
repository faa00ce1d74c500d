import { describe, expect, it } from 'vitest';
import { buildSandboxCmsSeed } from './sandbox-cms.seed.js';

const AS_OF = Date.parse('2026-11-24T23:59:59.999Z');

describe('buildSandboxCmsSeed', () => {
  const acme = buildSandboxCmsSeed('acme');
  const globex = buildSandboxCmsSeed('globex');
  const count = (data: typeof acme, kind: 'post' | 'page') => data.items.filter((item) => item.kind === kind).length;

  it('is deterministic', () => {
    expect(buildSandboxCmsSeed('acme')).toEqual(acme);
  });

  it('builds acme with 25 posts and 4 pages and globex with 18 posts and 3 pages, on their own domains', () => {
    expect([count(acme, 'post'), count(acme, 'page')]).toEqual([25, 4]);
    expect([count(globex, 'post'), count(globex, 'page')]).toEqual([18, 3]);
    expect(acme.siteUrl).toBe('https://acme-software.example');
    expect(globex.siteUrl).toBe('https://globex-manufacturing.example');
    const acmeTitles = new Set(acme.items.map((item) => item.title));
    expect(globex.items.filter((item) => acmeTitles.has(item.title))).toEqual([]);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: consistent statuses, URLs, slugs and dates', (_, data) => {
    for (const kind of ['post', 'page'] as const) {
      const slugs = data.items.filter((item) => item.kind === kind).map((item) => item.slug);
      expect(new Set(slugs).size).toBe(slugs.length);
    }
    for (const item of data.items) {
      expect(item.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(item.url).toBe(`${data.siteUrl}/${item.kind === 'post' ? 'blog' : 'pages'}/${item.slug}`);
      expect(new URL(item.url).hostname.endsWith('.example')).toBe(true);
      expect(item.body).toMatch(/^<p>[\s\S]+<\/p>$/);
      expect(item.body.split('<p>').length - 1).toBeGreaterThanOrEqual(3);
      expect(item.status === 'published').toBe(item.publishedAt !== null);
      if (item.publishedAt !== null) {
        expect(item.publishedAt.getTime()).toBeGreaterThanOrEqual(item.createdAt.getTime());
        // Analytics seeds 120 days up to 2026-11-24 for published content; nothing is published later.
        expect(item.publishedAt.getTime()).toBeLessThanOrEqual(AS_OF);
      }
      expect(item.updatedAt.getTime()).toBeGreaterThanOrEqual(item.createdAt.getTime());
    }
    // A mix: most content is live, some is still a draft.
    const drafts = data.items.filter((item) => item.status === 'draft').length;
    expect(drafts).toBeGreaterThanOrEqual(2);
    expect(drafts).toBeLessThan(data.items.length / 3);
    // Oldest first, so a newest-first list starts with the latest post.
    const created = data.items.map((item) => item.createdAt.getTime());
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });
});
