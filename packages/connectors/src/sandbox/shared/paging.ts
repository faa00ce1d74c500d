import { ValidationError, type Page, type PageRequest } from '@bizosaas/domain';

const PREFIX = 'sandbox:';

/** The opaque cursor of a row: base64url of its `seq`, the list order of every sandbox table. */
export function encodeCursor(seq: string): string {
  return Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');
}

/**
 * The `seq` to continue after, or '0' for the first page. Raises ValidationError for a cursor this
 * connector never issued: a client that tampers with cursors gets told, not an empty page.
 */
export function seqAfter(request: PageRequest): string {
  if (request.after === undefined || request.after === null) return '0';
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(request.after) ? Buffer.from(request.after, 'base64url').toString('utf8') : '';
  const seq = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^\d{1,18}$/.test(seq)) throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
  return seq;
}

/**
 * Builds a page from rows fetched with `limit first + 1`: the extra row only says there is a next page.
 * `endCursor` is null on the last page (the `Page` contract).
 */
export function toPage<R extends { readonly seq: string }, T>(rows: readonly R[], first: number, totalCount: number, toNode: (row: R) => T): Page<T> {
  const hasNextPage = rows.length > first;
  const pageRows = rows.slice(0, first);
  const items = pageRows.map((row) => ({ node: toNode(row), cursor: encodeCursor(row.seq) }));
  const last = pageRows[pageRows.length - 1];
  return { items, endCursor: hasNextPage && last !== undefined ? encodeCursor(last.seq) : null, hasNextPage, totalCount };
}
