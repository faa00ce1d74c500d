import { ValidationError } from '@bizosaas/domain';

/**
 * Opaque list cursors. Zoho pages plain lists with `page_token` (`info.next_page_token`) and searches
 * with page numbers; the cursor says which, so `after` needs no other state.
 */
export type ZohoCursor = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'page'; readonly page: number };

const PREFIX = 'zoho:';

export function encodeZohoCursor(cursor: ZohoCursor): string {
  const text = cursor.kind === 'token' ? `t:${cursor.token}` : `p:${cursor.page}`;
  return Buffer.from(`${PREFIX}${text}`, 'utf8').toString('base64url');
}

/** The cursor inside `after`, undefined for the first page. ValidationError for a cursor this connector never issued. */
export function decodeZohoCursor(after: string | null | undefined, accepted: readonly ZohoCursor['kind'][]): ZohoCursor | undefined {
  if (after === undefined || after === null) return undefined;
  const text = /^[A-Za-z0-9_-]{1,2048}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const body = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (accepted.includes('token') && /^t:[A-Za-z0-9._~+/=-]{1,1500}$/.test(body)) return { kind: 'token', token: body.slice(2) };
  if (accepted.includes('page') && /^p:\d{1,6}$/.test(body)) return { kind: 'page', page: Number(body.slice(2)) };
  throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
}
