import { createHash } from 'node:crypto';

/**
 * The replay key of a webhook delivery (`WebhookDelivery.replayKey`) for a scheme whose signature leaves
 * the delivery id out: SHA-256 over the signed bytes plus any unsigned header the mapping reads (pass each
 * as a part). Parts are length-prefixed, so two different lists of parts never hash the same input.
 */
export function webhookReplayKey(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`, 'utf8');
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}
