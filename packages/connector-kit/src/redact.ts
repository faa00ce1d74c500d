/** What a secret is replaced with in log lines and error messages. */
export const REDACTED = '[REDACTED]';

// Shorter strings would blank ordinary words; no real token is this short.
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`, longest first, so a secret
 * that contains another is blanked whole.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const usable = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of usable) out = out.split(secret).join(REDACTED);
  return out;
}
