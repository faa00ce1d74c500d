import { ValidationError } from '@bizosaas/domain';

/**
 * Opaque list cursors: the offset into a list sorted by id ascending (WooCommerce's `offset` parameter),
 * tagged with the list it belongs to, so a products cursor is refused by orders.
 */
export function encodeWooCursor(list: string, offset: number): string {
  return Buffer.from(`woo:${list}:${offset}`, 'utf8').toString('base64url');
}

/** The offset inside `after` (0 for the first page); ValidationError naming `after` for anything else. */
export function decodeWooCursor(list: string, after: string | null | undefined): number {
  if (after === undefined || after === null) return 0;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const match = new RegExp(`^woo:${list}:(\\d{1,9})$`).exec(text);
  if (match === null) throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
  return Number(match[1]);
}
