import { ConnectorError } from '@bizosaas/domain';

/** How one provider pages: how to fetch a page, where its items are and where the next page is. */
export interface PaginateOptions<TPage, TItem> {
  fetchPage(cursor: string | undefined): Promise<TPage>;
  items(page: TPage): readonly TItem[];
  /** Cursor, offset or link of the next page as a string; undefined = done. */
  next(page: TPage): string | undefined;
  /**
   * The provider refuses to page beyond this many items (e.g. HubSpot search: 10 000): the generator
   * throws ConnectorError('not_supported') naming the cap instead of stopping silently.
   */
  providerCap?: number;
  /** Provider id for error messages; `connector` when omitted. */
  provider?: string;
}

/**
 * Yields every item of every page, in order. Stops when `next` returns undefined; a `next` that repeats
 * a cursor already seen is a provider bug and raises `invalid_response` rather than looping forever.
 */
export async function* paginate<TPage, TItem>(options: PaginateOptions<TPage, TItem>): AsyncGenerator<TItem> {
  const provider = options.provider ?? 'connector';
  const seen = new Set<string>();
  let cursor: string | undefined;
  let count = 0;
  for (;;) {
    const page = await options.fetchPage(cursor);
    for (const item of options.items(page)) {
      count += 1;
      yield item;
    }
    const next = options.next(page);
    if (next === undefined) return;
    if (options.providerCap !== undefined && count >= options.providerCap) {
      throw new ConnectorError(
        'not_supported',
        provider,
        `${provider} returns at most ${options.providerCap} results for this query and more exist; narrow the query`,
      );
    }
    if (seen.has(next)) throw new ConnectorError('invalid_response', provider, `${provider} returned the page cursor "${next}" twice`);
    seen.add(next);
    cursor = next;
  }
}

/** `next` for cursor paging: the cursor the page carries, or undefined (also for an empty string). */
export function cursorPaging<TPage>(cursorOf: (page: TPage) => string | null | undefined): (page: TPage) => string | undefined {
  return (page) => {
    const cursor = cursorOf(page);
    return cursor === null || cursor === undefined || cursor === '' ? undefined : cursor;
  };
}

/**
 * `next` for offset paging: the next offset while fewer than `total` items were seen (or, without a
 * total, while pages come back full).
 */
export function offsetPaging<TPage>(options: {
  pageSize: number;
  offset(page: TPage): number;
  count(page: TPage): number;
  total?(page: TPage): number | undefined;
}): (page: TPage) => string | undefined {
  return (page) => {
    const nextOffset = options.offset(page) + options.count(page);
    const total = options.total?.(page);
    if (total !== undefined) return nextOffset < total ? String(nextOffset) : undefined;
    return options.count(page) >= options.pageSize ? String(nextOffset) : undefined;
  };
}

/**
 * `next` for page-number paging (WordPress and WooCommerce: `page`, `X-WP-TotalPages`): the next page
 * while the provider reports more pages (or, without a count, while pages come back full).
 */
export function pageNumberPaging<TPage>(options: {
  pageSize: number;
  page(page: TPage): number;
  count(page: TPage): number;
  totalPages?(page: TPage): number | undefined;
}): (page: TPage) => string | undefined {
  return (page) => {
    const current = options.page(page);
    const totalPages = options.totalPages?.(page);
    if (totalPages !== undefined) return current < totalPages ? String(current + 1) : undefined;
    return options.count(page) >= options.pageSize ? String(current + 1) : undefined;
  };
}

/** `next` for link paging: the `rel="next"` URL of an RFC 8288 `Link` header, or a link in the body. */
export function linkPaging<TPage>(linkOf: (page: TPage) => string | null | undefined): (page: TPage) => string | undefined {
  return (page) => {
    const link = linkOf(page);
    if (link === null || link === undefined || link === '') return undefined;
    return link.includes('rel=') ? nextFromLinkHeader(link) : link;
  };
}

/** The URL of `rel="next"` in a `Link` header value, or undefined. */
export function nextFromLinkHeader(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /rel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/** Drains a generator into an array, stopping after `limit` items when given. */
export async function collect<T>(gen: AsyncGenerator<T>, limit?: number): Promise<T[]> {
  const out: T[] = [];
  if (limit !== undefined && limit <= 0) return out;
  for await (const item of gen) {
    out.push(item);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}

/** Splits `items` into arrays of at most `size`, for batch reads by the provider's batch size. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer (got ${size})`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
