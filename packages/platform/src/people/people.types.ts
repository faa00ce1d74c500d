import type { AuditActor } from './audit-log.js';

/** The signed-in user as `/auth/session` and `me` show them. */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly mfaEnrolled: boolean;
  readonly tenant: { readonly id: string; readonly slug: string; readonly name: string };
}

/** A new session: the token goes into the HttpOnly cookie, the CSRF token into the readable one. */
export interface IssuedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Where a request came from, for throttles and the audit log. */
export interface RequestOrigin {
  readonly address: string | null;
}

export type SignInOutcome =
  | { readonly status: 'SIGNED_IN'; readonly session: IssuedSession; readonly user: SessionUser }
  | { readonly status: 'MFA_REQUIRED' | 'MFA_ENROLMENT_REQUIRED'; readonly pending: { readonly token: string; readonly expiresAt: Date } }
  | { readonly status: 'INVALID_CREDENTIALS' };

export type MfaOutcome =
  | { readonly status: 'SIGNED_IN'; readonly session: IssuedSession; readonly user: SessionUser; readonly recoveryCodes?: readonly string[] }
  | { readonly status: 'INVALID_CODE' | 'MFA_EXPIRED' };

/** Who a signed request speaks for, from the gateway's verified claims. */
export interface Caller {
  readonly tenantId: string;
  /** A user id (`usr_...`) or an API key id (`key_...`). */
  readonly principalId: string;
  readonly roles: readonly string[];
  readonly address?: string | null;
}

/** The audit actor of a caller. */
export function actorOf(caller: Caller): AuditActor {
  if (caller.principalId.startsWith('usr_')) return { type: 'user', id: caller.principalId, label: null };
  if (caller.principalId.startsWith('key_')) return { type: 'api_key', id: caller.principalId, label: null };
  return { type: 'anonymous', id: caller.principalId || null, label: null };
}
