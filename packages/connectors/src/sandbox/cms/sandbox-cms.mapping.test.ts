import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { contentFromRow, contentUrl } from './sandbox-cms.mapping.js';
import { parseContentRow } from './sandbox-cms.rows.js';
import { slugify, suffixedSlugPattern, uniqueSlug } from './sandbox-cms.slug.js';

const ids = new EntityIds('conn-1');
const created = new Date('2026-03-01T10:00:00.000Z');
const published = new Date('2026-03-02T08:00:00.000Z');

// A row as the drivers hand it over: pg gives bigint as a string, PGlite as a number.
const row = {
  dataset: 'demo', id: 'post_001', seq: 7, kind: 'post', title: 'Why we rebuilt onboarding', slug: 'why-we-rebuilt-onboarding',
  body: '<p>Hi</p>', excerpt: 'Hi', status: 'published', published_at: published, author_name: 'Sofia Lindgren',
  created_at: created, updated_at: '2026-03-02T09:00:00.000Z', base_url: 'https://acme-software.example',
};

describe('sandbox CMS mapping', () => {
  it('maps a content row to canonical Content with a connection-scoped id and the public URL', () => {
    const content = contentFromRow(parseContentRow(row), ids);
    expect(content).toMatchObject({
      externalId: 'post_001', kind: 'post', title: 'Why we rebuilt onboarding', slug: 'why-we-rebuilt-onboarding', body: '<p>Hi</p>',
      excerpt: 'Hi', status: 'published', publishedAt: published, authorName: 'Sofia Lindgren', createdAt: created,
      url: 'https://acme-software.example/blog/why-we-rebuilt-onboarding', source: { provider: 'sandbox', connectionId: 'conn-1' },
    });
    expect(content.updatedAt.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(ids.decode('Content', content.id)).toBe('post_001');
    expect(new EntityIds('conn-2').decode('Content', content.id)).toBeUndefined();
    expect(content.raw).toMatchObject({ seq: '7' });
  });

  it('puts pages under /pages and falls back to the default site for a dataset without one', () => {
    const page = contentFromRow(parseContentRow({ ...row, kind: 'page', slug: 'pricing', base_url: null, status: 'draft', published_at: null, excerpt: null }), ids);
    expect(page).toMatchObject({ url: 'https://sandbox.example/pages/pricing', status: 'draft', publishedAt: null, excerpt: null });
    expect(contentUrl('https://globex-manufacturing.example/', 'post', 'a-b')).toBe('https://globex-manufacturing.example/blog/a-b');
  });

  it('rejects a malformed row with a ConnectorError naming the fields, not the values', () => {
    expect(() => parseContentRow({ ...row, status: 'trashed', slug: null })).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('slug, status') }),
    );
  });
});

describe('sandbox CMS slugs', () => {
  it('makes lower-case ASCII slugs from any title', () => {
    expect(slugify('Why we rebuilt our onboarding in 2025')).toBe('why-we-rebuilt-our-onboarding-in-2025');
    expect(slugify("Zoë's 5 tips — for Q3!")).toBe('zoes-5-tips-for-q3');
    expect(slugify('  --Déjà vu--  ')).toBe('deja-vu');
    expect(slugify('!!!')).toBe('untitled');
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50))).toBe('a'.repeat(50) + '-' + 'b'.repeat(29));
  });

  it('de-duplicates with -2, -3 and fills gaps', () => {
    expect(uniqueSlug('pricing', new Set())).toBe('pricing');
    expect(uniqueSlug('pricing', new Set(['pricing']))).toBe('pricing-2');
    expect(uniqueSlug('pricing', new Set(['pricing', 'pricing-2', 'pricing-4']))).toBe('pricing-3');
  });

  it('escapes LIKE wildcards in the suffix pattern', () => {
    expect(suffixedSlugPattern('a_b%c')).toBe('a\\_b\\%c-%');
  });
});
