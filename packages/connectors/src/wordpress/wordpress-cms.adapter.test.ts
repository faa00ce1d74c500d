import { basicAuth } from '@bizosaas/connector-kit';
import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { WordPressCmsAdapter } from './wordpress-cms.adapter.js';
import { encodeContentId } from './wordpress.mapping.js';

/** A fetch that records URLs and answers every list with [] (what WordPress answers for ids it does not have). */
function recordingFetch(urls: URL[]): typeof fetch {
  return async (input) => {
    urls.push(new URL(String(input)));
    return new Response('[]', { status: 200, headers: { 'content-type': 'application/json', 'x-wp-total': '0', 'x-wp-totalpages': '0' } });
  };
}

describe('WordPressCmsAdapter batch reads', () => {
  it('costs one call per kind per 100 ids, ids comma-joined in one include, drafts asked for with edit context', async () => {
    const urls: URL[] = [];
    const adapter = new WordPressCmsAdapter({ connectionId: 'c1', siteUrl: 'https://blog.example.com', auth: basicAuth('u', 'abcd efgh ijkl mnop qrst uvwx'), fetch: recordingFetch(urls) });
    const ids = new EntityIds('c1');
    const posts = Array.from({ length: 250 }, (_, i) => encodeContentId(ids, { kind: 'post', wpId: i + 1 }));
    const pages = [7, 8, 9].map((wpId) => encodeContentId(ids, { kind: 'page', wpId }));
    const slots = await adapter.getContents([...posts, ...pages, 'not an id!']);
    expect(slots).toHaveLength(254);
    expect(slots.every((slot) => slot === null)).toBe(true);
    expect(urls.map((u) => u.pathname).sort()).toEqual(['/wp-json/wp/v2/pages', '/wp-json/wp/v2/posts', '/wp-json/wp/v2/posts', '/wp-json/wp/v2/posts']);
    const pageCall = urls.find((u) => u.pathname.endsWith('/pages'));
    expect(pageCall?.searchParams.get('include')).toBe('7,8,9');
    expect(pageCall?.searchParams.get('context')).toBe('edit');
    expect(pageCall?.searchParams.get('status')).toContain('draft');
    expect(urls.filter((u) => u.pathname.endsWith('/posts')).map((u) => u.searchParams.get('include')?.split(',').length).sort()).toEqual([100, 100, 50]);
  });

  it('asks nothing for an empty batch or only foreign ids', async () => {
    const urls: URL[] = [];
    const adapter = new WordPressCmsAdapter({ connectionId: 'c1', siteUrl: 'https://blog.example.com', auth: basicAuth('u', 'abcd efgh ijkl mnop qrst uvwx'), fetch: recordingFetch(urls) });
    expect(await adapter.getContents([])).toEqual([]);
    expect(await adapter.getContents([encodeContentId(new EntityIds('other'), { kind: 'post', wpId: 1 })])).toEqual([null]);
    expect(urls).toEqual([]);
  });
});
