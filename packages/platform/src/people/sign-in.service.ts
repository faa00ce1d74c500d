import type { TenantRepository } from '../tenancy/tenant.repository.js';
import type { AuditLog } from './audit-log.js';
import type { MfaService } from './mfa.service.js';
import { verifyDecoy, verifyPassword } from './password-hasher.js';
import type { IssuedSession, MfaOutcome, RequestOrigin, SessionUser, SignInOutcome } from './people.types.js';
import type { SessionStore } from './session.store.js';
import type { TenantAuthSettings } from './tenant-auth-settings.js';
import type { UserRecord, UserRepository } from './user.repository.js';

export interface SignInDeps {
  readonly tenants: TenantRepository;
  readonly users: UserRepository;
  readonly sessions: SessionStore;
  readonly mfa: MfaService;
  readonly settings: TenantAuthSettings;
  readonly audit: AuditLog;
  readonly sessionTtlSeconds: number;
}

/** How long the password step waits for its second factor. */
export const PENDING_MFA_TTL_SECONDS = 300;

/**
 * Password sign-in, the second factor, sign-out and session look-up. Every refusal of the password step is
 * the same INVALID_CREDENTIALS, after the same argon2 work, whether or not the account exists. Throttling
 * (per address, per account, lockout) is the gateway's, which keeps the shared counters.
 */
export class SignInService {
  constructor(private readonly deps: SignInDeps) {}

  async signIn(input: { tenant: string; email: string; password: string }, origin: RequestOrigin, previousToken?: string): Promise<SignInOutcome> {
    const tenant = await this.deps.tenants.getBySlug(input.tenant.trim().toLowerCase());
    const found = tenant ? await this.deps.users.findCredentials(tenant.id, input.email) : null;
    const usable = found !== null && found.user.status === 'active' && found.passwordHash !== null;
    const ok = usable ? await verifyPassword(found.passwordHash ?? '', input.password) : await verifyDecoy(input.password);
    if (!tenant) return { status: 'INVALID_CREDENTIALS' };
    if (!ok || !found) {
      await this.deps.audit.record({
        tenantId: tenant.id,
        actor: found ? { type: 'user', id: found.user.id, label: found.user.email } : { type: 'anonymous', id: null, label: input.email.trim().toLowerCase().slice(0, 200) },
        action: 'auth.sign_in',
        outcome: 'failure',
        address: origin.address,
        details: { method: 'password', reason: 'invalid_credentials' },
      });
      return { status: 'INVALID_CREDENTIALS' };
    }
    if (previousToken) await this.deps.sessions.revoke(previousToken);
    const { user } = found;
    const required = (await this.deps.settings.get(tenant.id)).mfaRequired;
    if (user.mfaEnrolled || required) {
      const pending = await this.deps.sessions.create({ tenantId: tenant.id, userId: user.id, kind: 'pending_mfa', ttlSeconds: PENDING_MFA_TTL_SECONDS, address: origin.address });
      await this.deps.audit.record({ tenantId: tenant.id, actor: { type: 'user', id: user.id, label: user.email }, action: 'auth.password', outcome: 'success', address: origin.address, details: { next: user.mfaEnrolled ? 'mfa' : 'mfa_enrolment' } });
      return { status: user.mfaEnrolled ? 'MFA_REQUIRED' : 'MFA_ENROLMENT_REQUIRED', pending: { token: pending.token, expiresAt: pending.record.expiresAt } };
    }
    return this.completeSignIn(user, origin, 'password');
  }

  /** The second factor after MFA_REQUIRED: a TOTP code or a recovery code, each good once. */
  async completeMfa(pendingToken: string, code: string, origin: RequestOrigin): Promise<MfaOutcome> {
    const pending = await this.deps.sessions.find(pendingToken, 'pending_mfa');
    const user = pending ? await this.deps.users.getById(pending.tenantId, pending.userId) : null;
    if (!pending || !user || !user.mfaEnrolled) return { status: 'MFA_EXPIRED' };
    const factor = await this.deps.mfa.verify(user, code);
    if (factor === null) {
      const attempts = await this.deps.sessions.failedAttempt(pending.id);
      await this.deps.audit.record({ tenantId: user.tenantId, actor: { type: 'user', id: user.id, label: user.email }, action: 'auth.mfa', outcome: 'failure', address: origin.address, details: { attempts } });
      return { status: 'INVALID_CODE' };
    }
    await this.deps.sessions.revoke(pendingToken);
    return this.completeSignIn(user, origin, factor === 'totp' ? 'password+totp' : 'password+recovery_code');
  }

  /** Issues a session for a user whose credentials were checked (password, MFA, invitation, single sign-on). */
  async completeSignIn(user: UserRecord, origin: RequestOrigin, method: string): Promise<{ status: 'SIGNED_IN'; session: IssuedSession; user: SessionUser }> {
    const created = await this.deps.sessions.create({ tenantId: user.tenantId, userId: user.id, kind: 'session', ttlSeconds: this.deps.sessionTtlSeconds, address: origin.address });
    await this.deps.users.markSignedIn(user.id);
    await this.deps.audit.record({ tenantId: user.tenantId, actor: { type: 'user', id: user.id, label: user.email }, action: 'auth.sign_in', outcome: 'success', address: origin.address, details: { method } });
    const session = { token: created.token, csrfToken: this.deps.sessions.csrfFor(created.token), expiresAt: created.record.expiresAt };
    const view = await this.viewOf(user);
    return { status: 'SIGNED_IN', session, user: view };
  }

  async signOut(token: string, origin: RequestOrigin): Promise<void> {
    const revoked = await this.deps.sessions.revoke(token);
    if (revoked) await this.deps.audit.record({ tenantId: revoked.tenantId, actor: { type: 'user', id: revoked.userId, label: null }, action: 'auth.sign_out', outcome: 'success', address: origin.address });
  }

  /** The user of a live session, or null. */
  async sessionUser(token: string): Promise<SessionUser | null> {
    const session = await this.deps.sessions.find(token, 'session');
    const user = session ? await this.deps.users.getById(session.tenantId, session.userId) : null;
    return user ? this.viewOf(user) : null;
  }

  /** The principal of a live session (the gateway's identity for the request), or null. */
  async authenticate(token: string): Promise<{ tenantId: string; userId: string; roles: string[] } | null> {
    const session = await this.deps.sessions.find(token, 'session');
    return session ? { tenantId: session.tenantId, userId: session.userId, roles: [session.role] } : null;
  }

  async viewOf(user: UserRecord): Promise<SessionUser> {
    const tenant = await this.deps.tenants.getById(user.tenantId);
    if (!tenant) throw new Error(`tenant ${user.tenantId} of user ${user.id} is missing`);
    return { id: user.id, email: user.email, name: user.name, roles: [user.role], mfaEnrolled: user.mfaEnrolled, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name } };
  }
}
