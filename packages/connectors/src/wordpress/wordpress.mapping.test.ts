import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { contentFromWordPress, contentPatchToWordPress, decodeContentId, encodeContentId, newContentToWordPress, slugCandidates, slugToPin, statusQuery } from './wordpress.mapping.js';
import { wordPressContentSchema } from './wordpress.schemas.js';

// Recorded from WordPress 6.1.9 (POST /wp/v2/posts?_embed=author, a new draft), trimmed of links and meta.
const recordedDraft = {
  id: 11,
  date: '2026-11-25T18:48:34',
  date_gmt: '2026-11-25T18:48:34',
  modified: '2026-11-25T18:48:34',
  modified_gmt: '2026-11-25T18:48:34',
  slug: '',
  generated_slug: 'probe-quotes',
  status: 'draft',
  type: 'post',
  link: 'http://127.0.0.1:8080/?p=11',
  title: { raw: 'Probe & "quotes"', rendered: 'Probe &#038; &#8220;quotes&#8221;' },
  content: { raw: '<p>Hello <strong>world</strong></p>', rendered: '<p>Hello <strong>world</strong></p>\n', protected: false, block_version: 0 },
  excerpt: { raw: 'Hello world', rendered: '<p>Hello world</p>\n', protected: false },
  author: 1,
  _embedded: { author: [{ id: 1, name: 'admin', slug: 'admin' }] },
};

const ids = new EntityIds('conn-wp-1');

describe('WordPress mapping', () => {
  it('maps a recorded draft: raw fields, the slug it will get, no publication date, the embedded author', () => {
    const content = contentFromWordPress(wordPressContentSchema.parse(recordedDraft), 'post', ids);
    expect(content).toMatchObject({
      externalId: '11',
      kind: 'post',
      title: 'Probe & "quotes"',
      body: '<p>Hello <strong>world</strong></p>',
      excerpt: 'Hello world',
      slug: 'probe-quotes',
      status: 'draft',
      url: 'http://127.0.0.1:8080/?p=11',
      publishedAt: null,
      authorName: 'admin',
      source: { provider: 'wordpress', connectionId: 'conn-wp-1' },
    });
    expect(content.createdAt.toISOString()).toBe('2026-11-25T18:48:34.000Z');
    expect(decodeContentId(ids, content.id)).toEqual({ kind: 'post', wpId: 11 });
  });

  it('maps a published page without excerpt or embedded author, dated by date_gmt', () => {
    const page = { ...recordedDraft, id: 2, type: 'page', slug: 'sample-page', status: 'publish', excerpt: undefined, _embedded: undefined, title: { rendered: 'Sample &#038; Page' } };
    const content = contentFromWordPress(wordPressContentSchema.parse(page), 'page', ids);
    expect(content).toMatchObject({ kind: 'page', status: 'published', slug: 'sample-page', excerpt: null, authorName: null, title: 'Sample &#038; Page' });
    expect(content.publishedAt?.toISOString()).toBe('2026-11-25T18:48:34.000Z');
  });

  it('maps statuses both ways: pending is a draft, private is archived, future is scheduled', () => {
    const status = (s: string) => contentFromWordPress(wordPressContentSchema.parse({ ...recordedDraft, status: s }), 'post', ids).status;
    expect(['publish', 'future', 'draft', 'pending', 'private'].map(status)).toEqual(['published', 'scheduled', 'draft', 'draft', 'archived']);
    expect(statusQuery('draft')).toBe('draft,pending');
    expect(statusQuery('archived')).toBe('private');
    expect(statusQuery(undefined)).toBe('publish,future,draft,pending,private');
    expect(wordPressContentSchema.safeParse({ ...recordedDraft, status: 'in-review' }).success).toBe(false);
  });

  it('refuses ids of another connection, another kind or a malformed inside', () => {
    expect(decodeContentId(new EntityIds('conn-other'), encodeContentId(ids, { kind: 'page', wpId: 7 }))).toBeUndefined();
    expect(decodeContentId(ids, encodeContentId(ids, { kind: 'page', wpId: 7 }))).toEqual({ kind: 'page', wpId: 7 });
    expect(decodeContentId(ids, ids.encode('Content', 'attachment:7'))).toBeUndefined();
    expect(decodeContentId(ids, ids.encode('Content', 'post:07'))).toBeUndefined();
    expect(decodeContentId(ids, ids.encode('Contact', 'post:7'))).toBeUndefined();
  });

  it('writes a create as a draft (no excerpt for pages) and a patch with cleared excerpt and re-derived slug', () => {
    expect(newContentToWordPress({ kind: 'post', title: 'T', body: '<p>b</p>', excerpt: 'e', slug: 's' })).toEqual({ status: 'draft', title: 'T', content: '<p>b</p>', excerpt: 'e', slug: 's' });
    expect(newContentToWordPress({ kind: 'page', title: 'T', body: '<p>b</p>', excerpt: 'e' })).toEqual({ status: 'draft', title: 'T', content: '<p>b</p>' });
    expect(contentPatchToWordPress('post', { excerpt: null, slug: null })).toEqual({ excerpt: '', slug: '' });
    expect(contentPatchToWordPress('post', { title: 'New' })).toEqual({ title: 'New' });
  });

  it('pins only an empty draft slug, and suffixes taken slugs as WordPress does', () => {
    expect(slugToPin(wordPressContentSchema.parse(recordedDraft))).toBe('probe-quotes');
    expect(slugToPin(wordPressContentSchema.parse({ ...recordedDraft, slug: 'explicit' }))).toBeUndefined();
    expect(slugToPin(wordPressContentSchema.parse({ ...recordedDraft, status: 'publish' }))).toBeUndefined();
    expect(slugCandidates('launch', 0, 3)).toEqual(['launch', 'launch-2', 'launch-3']);
    expect(slugCandidates('launch', 1, 3)).toEqual(['launch-4', 'launch-5', 'launch-6']);
  });
});
