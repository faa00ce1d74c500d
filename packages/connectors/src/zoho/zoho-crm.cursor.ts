import { ConnectorError, ValidationError } from '@bizosaas/domain';

/**
 * Opaque list cursors. Zoho pages plain lists with `page_token` (`info.next_page_token`) and searches
 * with page numbers; the cursor says which, so `after` needs no other state.
 */
export type ZohoCursor = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'page'; readonly page: number };

const PREFIX = 'zoho:';

/** Raises for a page token the decoder would not take back (never expected: Zoho's tokens are printable ASCII). */
export function encodeZohoCursor(cursor: ZohoCursor): string {
  if (cursor.kind === 'token' && !/^[\x21-\x7e]{1,6000}$/.test(cursor.token)) {
    throw new ConnectorError('invalid_response', 'zoho', 'Zoho answered a next_page_token that is not printable text of at most 6000 characters');
  }
  const text = cursor.kind === 'token' ? `t:${cursor.token}` : `p:${cursor.page}`;
  return Buffer.from(`${PREFIX}${text}`, 'utf8').toString('base64url');
}

/** The cursor inside `after`, undefined for the first page. ValidationError for a cursor this connector never issued. */
export function decodeZohoCursor(after: string | null | undefined, accepted: readonly ZohoCursor['kind'][]): ZohoCursor | undefined {
  if (after === undefined || after === null) return undefined;
  const text = /^[A-Za-z0-9_-]{1,8192}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const body = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  // Zoho's page token is opaque: any printable text it hands out is handed back unchanged.
  if (accepted.includes('token') && /^t:[\x21-\x7e]{1,6000}$/.test(body)) return { kind: 'token', token: body.slice(2) };
  if (accepted.includes('page') && /^p:\d{1,6}$/.test(body)) return { kind: 'page', page: Number(body.slice(2)) };
  throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
}
