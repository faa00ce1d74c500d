import { ValidationError } from '@bizosaas/domain';
import type { TwilioPagePosition } from './twilio.api.js';

/** Opaque list cursors: Twilio's page number and `PageToken`, tagged so no other list's cursor passes. */
export function encodeTwilioCursor(position: TwilioPagePosition): string {
  return Buffer.from(`twilio:messages:${position.page}:${position.pageToken}`, 'utf8').toString('base64url');
}

/** The position inside `after` (undefined for the first page); ValidationError naming `after` for anything else. */
export function decodeTwilioCursor(after: string | null | undefined): TwilioPagePosition | undefined {
  if (after === undefined || after === null) return undefined;
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const match = /^twilio:messages:(\d{1,6}):([A-Za-z0-9_-]{1,200})$/.exec(text);
  if (match === null) throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
  return { page: Number(match[1]), pageToken: match[2] ?? '' };
}
