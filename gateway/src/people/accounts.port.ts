import type { Principal } from '../auth.js';

/** The signed-in user as the sign-in endpoints answer them (the platform's SessionUser). */
export interface AccountUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly mfaEnrolled: boolean;
  readonly tenant: { readonly id: string; readonly slug: string; readonly name: string };
}

export interface AccountSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export type SignedIn = { readonly status: 'SIGNED_IN'; readonly session: AccountSession; readonly user: AccountUser; readonly recoveryCodes?: readonly string[] };

export type AccountsSignIn =
  | SignedIn
  | { readonly status: 'MFA_REQUIRED' | 'MFA_ENROLMENT_REQUIRED'; readonly pending: { readonly token: string; readonly expiresAt: Date } }
  | { readonly status: 'INVALID_CREDENTIALS' };

export type AccountsMfa = SignedIn | { readonly status: 'INVALID_CODE' | 'MFA_EXPIRED' };

/** A refusal the platform worded: a stable code, a message safe to show, the HTTP status. */
export interface AccountsRefusal {
  readonly status: 'REFUSED';
  readonly httpStatus: number;
  readonly code: string;
  readonly message: string;
}

export interface Origin {
  readonly address: string;
}

/** One GraphQL mutation as the audit log records it. */
export interface MutationRecord {
  readonly tenantId: string;
  readonly principalId: string;
  readonly fields: readonly string[];
  readonly operationName: string | null;
  readonly ok: boolean;
  readonly errorCodes: readonly string[];
  readonly address: string | null;
  readonly requestId: string;
}

/**
 * What the gateway needs from the platform to sign people in (the composition root adapts the platform's
 * people services to it). The gateway owns cookies, CSRF, throttles and HTTP; the platform the rules.
 */
export interface AccountsPort {
  signIn(input: { tenant: string; email: string; password: string }, origin: Origin, previousToken?: string): Promise<AccountsSignIn>;
  completeMfa(pendingToken: string, code: string, origin: Origin): Promise<AccountsMfa>;
  beginPendingEnrolment(pendingToken: string): Promise<{ otpauthUri: string; secretForManualEntry: string; qrCodeSvg: string } | null>;
  confirmPendingEnrolment(pendingToken: string, code: string, origin: Origin): Promise<AccountsMfa | AccountsRefusal>;
  signOut(token: string, origin: Origin): Promise<void>;
  sessionUser(token: string): Promise<AccountUser | null>;
  authenticateSession(token: string): Promise<Principal | null>;
  csrfMatches(token: string, presented: string): boolean;
  acceptInvitation(input: { token: string; name: string; password: string }, origin: Origin): Promise<SignedIn | AccountsRefusal>;
  /** The tenant's OpenID provider authorization URL and the flow's browser-binding token. */
  oidcStart(tenantSlug: string, origin: Origin): Promise<{ readonly redirectUrl: string; readonly flowToken: string } | AccountsRefusal>;
  oidcCallback(query: Readonly<Record<string, string | undefined>>, flowToken: string | undefined, origin: Origin): Promise<SignedIn | AccountsRefusal>;
  recordMutation(entry: MutationRecord): Promise<void>;
  /** Records a refused sign-in attempt the platform did not see (throttled) in the tenant's audit log. */
  recordThrottled(tenantSlug: string, email: string, origin: Origin): Promise<void>;
}

/** The sign-in throttles: per address, per account, and the lockout after repeated failures. */
export interface SignInLimits {
  readonly perAddress: number;
  readonly perAccount: number;
  readonly windowSeconds: number;
  readonly lockoutSeconds: number;
}
