import { createHash, randomBytes } from 'node:crypto';
import { randomBase32 } from './random-id.js';

// `bzk_<12 base32 chars>_<43 base64url chars>`: the prefix finds the row, the secret proves possession.
const API_KEY = /^bzk_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

/** Returns a new random API key (prefix of 60 bits, secret of 256 bits). */
export function generateApiKey(): string {
  return `bzk_${randomBase32(12)}_${randomBytes(32).toString('base64url')}`;
}

/** Returns the key's prefix, or null when `key` is not a well-formed API key. */
export function apiKeyPrefix(key: string): string | null {
  return API_KEY.exec(key)?.[1] ?? null;
}

/** The SHA-256 hex of the whole key: what is stored instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
