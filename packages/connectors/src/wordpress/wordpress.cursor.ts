import { ValidationError, type ContentKind } from '@bizosaas/domain';

/** Where a list continues per kind: the next offset, or null when that kind is exhausted. */
export type WordPressOffsets = Partial<Record<ContentKind, number | null>>;

/** Opaque cursor over one offset per listed kind. Pure. */
export function encodeCursor(offsets: WordPressOffsets): string {
  return Buffer.from(JSON.stringify({ v: 1, ...offsets }), 'utf8').toString('base64url');
}

/**
 * The offsets in `after` for a list over `kinds` (all at 0 without a cursor). Raises `ValidationError`
 * naming `after` for a cursor that is malformed or belongs to a list over other kinds. Pure.
 */
export function decodeCursor(after: string | null | undefined, kinds: readonly ContentKind[]): WordPressOffsets {
  if (after === null || after === undefined || after === '') return Object.fromEntries(kinds.map((kind) => [kind, 0]));
  const invalid = () => new ValidationError([{ field: 'after', reason: 'is not a cursor of this list; pass the endCursor of the previous page' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || parsed.v !== 1) throw invalid();
  const entries = Object.entries(parsed).filter(([key]) => key !== 'v');
  if (entries.length !== kinds.length) throw invalid();
  const offsets: WordPressOffsets = {};
  for (const kind of kinds) {
    const value: unknown = entries.find(([key]) => key === kind)?.[1];
    if (value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) throw invalid();
    offsets[kind] = value;
  }
  return offsets;
}
