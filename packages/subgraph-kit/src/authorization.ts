import { DomainError } from '@bizosaas/domain';
import type { ContextClaims } from './context-token.js';

/** Roles that may change data in the tenant's connected systems. */
export const WRITE_ROLES: readonly string[] = ['admin', 'editor'];
/** Roles that may change the tenant's platform setup (connections, API keys). */
export const ADMIN_ROLES: readonly string[] = ['admin'];

/**
 * Raises `DomainError('forbidden', '<NAMESPACE>.<WHAT>_FORBIDDEN')` unless the caller holds one of
 * `allowed`. The message says which roles would do and which the key has.
 */
export function requireRole(identity: ContextClaims, allowed: readonly string[], namespace: string, action: string): void {
  if (identity.roles.some((role) => allowed.includes(role))) return;
  throw new DomainError(
    'forbidden',
    `${namespace}.WRITE_FORBIDDEN`,
    `${action} needs the ${allowed.join(' or ')} role; this key has: ${identity.roles.join(', ') || 'none'}.`,
  );
}
