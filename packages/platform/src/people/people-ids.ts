import { createHash, randomBytes } from 'node:crypto';
import { randomBase32 } from '../tenancy/random-id.js';

/** An opaque id such as `usr_k3v9...` (100 random bits). */
export function newPeopleId(prefix: 'usr' | 'inv' | 'ses'): string {
  return `${prefix}_${randomBase32(20)}`;
}

/** A bearer secret (session, invitation, OIDC state): 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a high-entropy bearer secret: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
