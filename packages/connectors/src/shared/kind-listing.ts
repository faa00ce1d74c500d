import { ValidationError, type ContentKind, type PageRequest } from '@bizosaas/domain';

/** Up to `limit` items of one kind from `offset`, newest first, and whether the CMS holds more after them. */
export interface KindSlice<T> {
  readonly items: readonly T[];
  readonly total: number | null;
  readonly more: boolean;
}

export interface MergedPage<T> {
  readonly nodes: readonly T[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  readonly totalCount: number | null;
}

type Offsets = Partial<Record<ContentKind, number>>;

function decodeCursor(after: string | null | undefined): Offsets {
  if (after === null || after === undefined || after === '') return {};
  const match = /^post:(\d+)\.page:(\d+)$/.exec(after);
  if (!match) throw new ValidationError([{ field: 'after', reason: 'is not a cursor this list returned' }]);
  return { post: Number(match[1]), page: Number(match[2]) };
}

const encodeCursor = (offsets: Offsets) => `post:${offsets.post ?? 0}.page:${offsets.page ?? 0}`;

/**
 * One page of a list that the CMS keeps in one collection per kind (Wagtail page types, Drupal bundles):
 * reads up to `first` items of each kind from its own offset, merges them newest first and keeps `first`.
 * The cursor holds one offset per kind, so every item comes exactly once across pages. Pure apart from
 * `fetchKind`.
 */
export async function listByKind<T>(
  kinds: readonly ContentKind[],
  request: PageRequest,
  fetchKind: (kind: ContentKind, offset: number, limit: number) => Promise<KindSlice<T>>,
  newerFirst: (a: T, b: T) => number,
): Promise<MergedPage<T>> {
  const offsets = decodeCursor(request.after);
  const slices = await Promise.all(kinds.map(async (kind) => ({ kind, slice: await fetchKind(kind, offsets[kind] ?? 0, request.first) })));
  const tagged = slices.flatMap(({ kind, slice }) => slice.items.map((item) => ({ kind, item })));
  const kept = tagged.sort((a, b) => newerFirst(a.item, b.item)).slice(0, request.first);
  const next: Offsets = { ...offsets };
  let hasNextPage = false;
  for (const { kind, slice } of slices) {
    const taken = kept.filter((t) => t.kind === kind).length;
    next[kind] = (offsets[kind] ?? 0) + taken;
    if (taken < slice.items.length || slice.more) hasNextPage = true;
  }
  const totals = slices.map(({ slice }) => slice.total);
  const totalCount = totals.every((t): t is number => t !== null) ? totals.reduce((sum, t) => sum + t, 0) : null;
  return { nodes: kept.map((t) => t.item), endCursor: hasNextPage ? encodeCursor(next) : null, hasNextPage, totalCount };
}
