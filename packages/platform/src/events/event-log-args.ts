import { Violations } from '@bizosaas/domain';

/**
 * Checks `readAfter` arguments the same way on every bus: `after` must look like a cursor this kind of
 * log issues (`cursorPattern`), `limit` must be a positive integer.
 *
 * @throws ValidationError naming `after` and/or `limit`.
 */
export function checkReadAfterArgs(after: string | null, limit: number, cursorPattern: RegExp, cursorShape: string): void {
  const violations = new Violations();
  if (after !== null && !cursorPattern.test(after)) violations.add('after', `is not a cursor of this event log (expected ${cursorShape})`);
  if (!Number.isSafeInteger(limit) || limit < 1) violations.add('limit', `must be a positive integer (got ${String(limit)})`);
  violations.throwIfAny();
}

/** Checks a cursor given to `get`. @throws ValidationError naming `cursor`. */
export function checkCursorArg(cursor: string, cursorPattern: RegExp, cursorShape: string): void {
  if (!cursorPattern.test(cursor)) new Violations().add('cursor', `is not a cursor of this event log (expected ${cursorShape})`).throwIfAny();
}
