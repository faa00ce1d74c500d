import { ValidationError } from './errors.js';

/** A page request. `after` is an opaque cursor returned by the previous page's `endCursor`. */
export interface PageRequest {
  /** How many items to return, 1..100. Adapters clamp nothing: the service validates the range. */
  readonly first: number;
  readonly after?: string | null;
}

/** One page of a cursor-paged list. */
export interface Page<T> {
  readonly items: readonly { readonly node: T; readonly cursor: string | null }[];
  /** Cursor to pass as `after` for the next page; null at the end. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /** Total matching items where the provider reports it cheaply, else null. */
  readonly totalCount: number | null;
}

export const MAX_PAGE_SIZE = 100;

/**
 * A validated page request: `first` from 1 to MAX_PAGE_SIZE. Raises ValidationError naming `first`.
 * Services call it before they reach a port, so every list of every domain has the same bounds.
 */
export function pageRequest(first: number, after: string | null | undefined): PageRequest {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError([{ field: 'first', reason: `must be from 1 to ${MAX_PAGE_SIZE} (got ${first})` }]);
  }
  return { first, after: after ?? null };
}
