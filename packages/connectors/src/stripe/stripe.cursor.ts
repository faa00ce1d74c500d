import { ValidationError, type PageRequest } from '@bizosaas/domain';

const PREFIX = 'stripe:';

/** An opaque list cursor around the Stripe object id that `starting_after` continues from. */
export function encodeStripeCursor(objectId: string): string {
  return Buffer.from(`${PREFIX}${objectId}`, 'utf8').toString('base64url');
}

/**
 * The Stripe id to pass as `starting_after`, or undefined for the first page. Raises ValidationError
 * naming `after` for a cursor this connector did not issue, or one of another list (`in_` vs `sub_`).
 */
export function stripeStartingAfter(request: PageRequest, idPrefix: 'in_' | 'sub_'): string | undefined {
  if (request.after === undefined || request.after === null) return undefined;
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(request.after) ? Buffer.from(request.after, 'base64url').toString('utf8') : '';
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!isStripeId(id, idPrefix)) throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
  return id;
}

/** Whether a decoded external id can be a Stripe object id of that kind (no path tricks reach the API). */
export function isStripeId(id: string, idPrefix: 'in_' | 'sub_'): boolean {
  return id.startsWith(idPrefix) && /^[A-Za-z0-9_]{1,250}$/.test(id.slice(idPrefix.length));
}
