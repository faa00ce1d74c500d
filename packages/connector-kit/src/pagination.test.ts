import { ConnectorError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { chunks, collect, cursorPaging, linkPaging, nextFromLinkHeader, offsetPaging, pageNumberPaging, paginate } from './pagination.js';

const all = Array.from({ length: 23 }, (_, i) => `item-${i}`);

describe('paginate', () => {
  it('walks cursor pages to the end, every item once', async () => {
    type Page = { results: string[]; paging?: { next?: { after: string } } };
    const fetchPage = async (after: string | undefined): Promise<Page> => {
      const start = after === undefined ? 0 : Number(after);
      const results = all.slice(start, start + 5);
      return start + 5 < all.length ? { results, paging: { next: { after: String(start + 5) } } } : { results };
    };
    const items = await collect(paginate({ fetchPage, items: (p) => p.results, next: cursorPaging((p) => p.paging?.next?.after) }));
    expect(items).toEqual(all);
  });

  it('walks numbered pages using the total page count, and without one until a short page', async () => {
    type Page = { data: string[]; page: number; totalPages?: number };
    const fetch = (withTotal: boolean) => async (page: string | undefined): Promise<Page> => {
      const number = Number(page ?? 1);
      return { data: all.slice((number - 1) * 10, number * 10), page: number, ...(withTotal && { totalPages: Math.ceil(all.length / 10) }) };
    };
    for (const withTotal of [true, false]) {
      let calls = 0;
      const counted = fetch(withTotal);
      const next = pageNumberPaging<Page>({ pageSize: 10, page: (p) => p.page, count: (p) => p.data.length, totalPages: (p) => p.totalPages });
      const items = await collect(paginate({ fetchPage: (c) => ((calls += 1), counted(c)), items: (p) => p.data, next }));
      expect(items).toEqual(all);
      expect(calls).toBe(3);
    }
  });

  it('walks offset pages using the total, and without one until a short page', async () => {
    type Page = { data: string[]; offset: number; total?: number };
    const fetch = (withTotal: boolean) => async (offset: string | undefined): Promise<Page> => {
      const start = Number(offset ?? 0);
      return { data: all.slice(start, start + 10), offset: start, ...(withTotal && { total: all.length }) };
    };
    for (const withTotal of [true, false]) {
      const next = offsetPaging<Page>({ pageSize: 10, offset: (p) => p.offset, count: (p) => p.data.length, total: (p) => p.total });
      const items = await collect(paginate({ fetchPage: fetch(withTotal), items: (p) => p.data, next }));
      expect(items).toEqual(all);
      expect(new Set(items).size).toBe(all.length);
    }
  });

  it('walks link pages (RFC 8288 Link header)', async () => {
    type Page = { items: string[]; link: string | null };
    const fetchPage = async (url: string | undefined): Promise<Page> => {
      const page = url === undefined ? 1 : Number(new URL(url).searchParams.get('page'));
      const link = page < 3 ? `<https://api.example/x?page=${page + 1}>; rel="next", <https://api.example/x?page=1>; rel="first"` : '<https://api.example/x?page=1>; rel="first"';
      return { items: all.slice((page - 1) * 10, page * 10), link };
    };
    const items = await collect(paginate({ fetchPage, items: (p) => p.items, next: linkPaging((p) => p.link) }));
    expect(items).toEqual(all);
    expect(nextFromLinkHeader('<https://a/b?page=2>; rel="prev next"')).toBe('https://a/b?page=2');
    expect(nextFromLinkHeader(null)).toBeUndefined();
  });

  it('raises not_supported naming the cap instead of truncating silently at a provider cap', async () => {
    const gen = paginate({
      fetchPage: async (c) => ({ items: [Number(c ?? 0)], next: String(Number(c ?? 0) + 1) }),
      items: (p) => p.items,
      next: (p) => p.next,
      providerCap: 3,
      provider: 'hubspot',
    });
    const error = await collect(gen).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'not_supported', provider: 'hubspot' });
    expect((error as Error).message).toContain('at most 3');
  });

  it('stops cleanly when the last page ends exactly at the cap', async () => {
    const items = await collect(paginate({ fetchPage: async () => ({ items: [1, 2, 3] }), items: (p) => p.items, next: () => undefined, providerCap: 3 }));
    expect(items).toEqual([1, 2, 3]);
  });

  it('refuses a cursor the provider already gave (no endless loop, no duplicates)', async () => {
    const gen = paginate({ fetchPage: async () => ({ items: [1] }), items: (p) => p.items, next: () => 'same' });
    await expect(collect(gen)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('collect stops at the limit without fetching further pages', async () => {
    let fetched = 0;
    const gen = paginate({ fetchPage: async () => { fetched += 1; return [fetched, fetched]; }, items: (p) => p, next: (p) => String(p[0]) });
    expect(await collect(gen, 3)).toEqual([1, 1, 2]);
    expect(fetched).toBe(2);
  });
});

describe('chunks', () => {
  it('splits by batch size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 100)).toEqual([]);
    expect(chunks(Array.from({ length: 250 }, (_, i) => i), 100).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
