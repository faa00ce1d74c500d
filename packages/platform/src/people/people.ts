import type { SecretStorePort, SqlClient } from '@bizosaas/domain';
import type { PeopleConfig } from '../config/config.js';
import type { ApiKeyRepository } from '../tenancy/api-key.repository.js';
import type { TenantRepository } from '../tenancy/tenant.repository.js';
import { ApiKeyOwnership } from './api-key-ownership.js';
import { AuditLog } from './audit-log.js';
import { InvitationService } from './invitation.service.js';
import { MfaService, type TotpEnrolment } from './mfa.service.js';
import { hashPassword } from './password-hasher.js';
import type { MfaOutcome, RequestOrigin } from './people.types.js';
import { PeopleService } from './people.service.js';
import { SessionStore } from './session.store.js';
import { SignInService } from './sign-in.service.js';
import { TenantAuthSettings } from './tenant-auth-settings.js';
import { UserRepository, normaliseEmail, type UserRecord } from './user.repository.js';
import { SsoService } from './oidc/sso.service.js';

export interface PeopleDeps {
  readonly db: SqlClient;
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly secrets: SecretStorePort;
  readonly config: PeopleConfig;
  /** Where browsers reach the gateway: invitation links and the OIDC redirect URI start with it. */
  readonly publicUrl: string;
  /** Derives CSRF tokens from session tokens. */
  readonly csrfKey: string;
}

/** Everything about people, built once per process. */
export interface People {
  readonly users: UserRepository;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  readonly settings: TenantAuthSettings;
  readonly mfa: MfaService;
  readonly signIn: SignInService;
  readonly invitations: InvitationService;
  readonly keys: ApiKeyOwnership;
  readonly service: PeopleService;
  readonly sso: SsoService;
  /** Records a sign-in refused by the throttle (the tenant's audit log; nothing when the tenant is unknown). */
  recordThrottled(tenantSlug: string, email: string, origin: RequestOrigin): Promise<void>;
  /** Enrolment for a user whose tenant requires a second factor, with the pending cookie of the password step. */
  beginPendingEnrolment(pendingToken: string): Promise<TotpEnrolment | null>;
  confirmPendingEnrolment(pendingToken: string, code: string, origin: RequestOrigin): Promise<MfaOutcome>;
  /** Creates the user when missing (demo seed); never changes an existing one. */
  ensureUser(input: { tenantId: string; email: string; name: string; role: 'admin' | 'editor' | 'viewer'; password: string }): Promise<UserRecord>;
}

export function createPeople(deps: PeopleDeps): People {
  const users = new UserRepository(deps.db);
  const sessions = new SessionStore(deps.db, deps.csrfKey);
  const audit = new AuditLog(deps.db);
  const settings = new TenantAuthSettings(deps.db);
  const mfa = new MfaService({ sql: deps.db, users, secrets: deps.secrets, issuer: 'BizOSaaS' });
  const signIn = new SignInService({ tenants: deps.tenants, users, sessions, mfa, settings, audit, sessionTtlSeconds: deps.config.sessionTtlSeconds });
  const invitations = new InvitationService({ sql: deps.db, audit, ttlSeconds: deps.config.invitationTtlSeconds, acceptUrl: `${deps.publicUrl}/accept-invitation` });
  const keys = new ApiKeyOwnership({ sql: deps.db, apiKeys: deps.apiKeys, users });
  const service = new PeopleService({ sql: deps.db, tenants: deps.tenants, users, sessions, mfa, signIn, settings, audit, keys });
  const sso = new SsoService({ sql: deps.db, tenants: deps.tenants, users, settings, secrets: deps.secrets, signIn, audit, redirectUri: `${deps.publicUrl}/auth/oidc/callback` });
  const pendingUser = async (token: string) => {
    const pending = await sessions.find(token, 'pending_mfa');
    return pending ? users.getById(pending.tenantId, pending.userId) : null;
  };
  return {
    users,
    sessions,
    audit,
    settings,
    mfa,
    signIn,
    invitations,
    keys,
    service,
    sso,
    recordThrottled: async (tenantSlug, email, origin) => {
      const tenant = await deps.tenants.getBySlug(tenantSlug.trim().toLowerCase());
      if (!tenant) return;
      await audit.record({ tenantId: tenant.id, actor: { type: 'anonymous', id: null, label: normaliseEmail(email).slice(0, 200) }, action: 'auth.sign_in', outcome: 'failure', address: origin.address, details: { method: 'password', reason: 'throttled' } });
    },
    beginPendingEnrolment: async (token) => {
      const user = await pendingUser(token);
      if (!user || user.mfaEnrolled) return null;
      const tenant = await deps.tenants.getById(user.tenantId);
      return mfa.beginEnrolment(user, tenant?.slug ?? user.tenantId);
    },
    confirmPendingEnrolment: async (token, code, origin) => {
      const user = await pendingUser(token);
      if (!user || user.mfaEnrolled) return { status: 'MFA_EXPIRED' };
      const recoveryCodes = await mfa.confirmEnrolment(user, code);
      await sessions.revoke(token);
      const enrolled = (await users.getById(user.tenantId, user.id)) ?? user;
      return { ...(await signIn.completeSignIn(enrolled, origin, 'password+totp_enrolment')), recoveryCodes };
    },
    ensureUser: async (input) => {
      const existing = await users.findCredentials(input.tenantId, input.email);
      if (existing) return existing.user;
      return users.insert({ tenantId: input.tenantId, email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
    },
  };
}
