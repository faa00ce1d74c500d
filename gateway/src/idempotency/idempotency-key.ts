import { createHash } from 'node:crypto';

/** The request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

const KEY = /^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

/**
 * The key from the header value: the draft makes it a Structured Field string (`"8e03978e-..."`); a bare
 * token is taken too, as many clients send one. Visible ASCII without quotes or backslashes, 1–255 long.
 */
export function parseIdempotencyKey(value: string): { ok: true; key: string } | { ok: false; reason: string } {
  const trimmed = value.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (KEY.test(key)) return { ok: true, key };
  return { ok: false, reason: 'Idempotency-Key must be 1 to 255 visible ASCII characters (optionally in double quotes), without quotes or backslashes inside' };
}

/** What makes two requests "the same": the operation text, its name and its variables. */
export function requestFingerprint(request: { query?: string | undefined; operationName?: string | null | undefined; variables?: Readonly<Record<string, unknown>> | undefined }): string {
  return createHash('sha256')
    .update(JSON.stringify([request.query ?? '', request.operationName ?? null, request.variables ?? {}]))
    .digest('base64url');
}
