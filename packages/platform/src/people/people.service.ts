import { DomainError, NotFoundError, type SqlClient } from '@bizosaas/domain';
import type { TenantRepository } from '../tenancy/tenant.repository.js';
import type { ApiKeyOwnership } from './api-key-ownership.js';
import type { AuditFilter, AuditLog } from './audit-log.js';
import type { MfaService, TotpEnrolment } from './mfa.service.js';
import { actorOf, type Caller, type SessionUser } from './people.types.js';
import type { SessionStore } from './session.store.js';
import type { SignInService } from './sign-in.service.js';
import type { TenantAuthSettings } from './tenant-auth-settings.js';
import type { UserRecord, UserRepository } from './user.repository.js';

/**
 * What signed-in people do with their accounts, behind the platform subgraph: who am I, the tenant's
 * users, deactivation, TOTP enrolment, tenant sign-in rules and the audit trail. Role checks are the
 * subgraph's (requireRole); the rules here are the ones no role lifts (the last admin stays, keys belong to someone).
 */
export class PeopleService {
  constructor(
    private readonly deps: {
      sql: SqlClient;
      tenants: TenantRepository;
      users: UserRepository;
      sessions: SessionStore;
      mfa: MfaService;
      signIn: SignInService;
      settings: TenantAuthSettings;
      audit: AuditLog;
      keys: ApiKeyOwnership;
    },
  ) {}

  /** The calling user; for an API key, its owner (null for a key without one). */
  async me(caller: Caller): Promise<SessionUser | null> {
    const userId = caller.principalId.startsWith('usr_') ? caller.principalId : (await this.deps.keys.get(caller.tenantId, caller.principalId))?.owner?.id;
    const user = userId ? await this.deps.users.getById(caller.tenantId, userId) : null;
    return user ? this.deps.signIn.viewOf(user) : null;
  }

  users(caller: Caller): Promise<UserRecord[]> {
    return this.deps.users.list(caller.tenantId);
  }

  /**
   * Deactivates a user: their sessions and API keys stop working at once; the row, and every audit entry
   * naming them, stays. Raises NotFoundError, or INVALID_STATE for the tenant's last active admin.
   */
  async deactivateUser(caller: Caller, userId: string): Promise<UserRecord> {
    const user = await this.deps.users.getById(caller.tenantId, userId);
    if (!user) throw new NotFoundError('User', userId, 'PEOPLE');
    if (user.status === 'active' && user.role === 'admin' && (await this.deps.users.countActiveAdmins(caller.tenantId)) <= 1) {
      throw new DomainError('invalid_state', 'PEOPLE.LAST_ADMIN', 'The tenant\'s last active admin cannot be deactivated; make someone else admin first.');
    }
    const deactivated = await this.deps.users.deactivate(caller.tenantId, userId);
    if (!deactivated) throw new NotFoundError('User', userId, 'PEOPLE');
    const sessions = await this.deps.sessions.revokeAllOf(userId);
    const keys = await this.deps.keys.revokeAllOf(caller.tenantId, userId);
    await this.deps.audit.record({ tenantId: caller.tenantId, actor: actorOf(caller), action: 'user.deactivate', target: userId, outcome: 'success', address: caller.address ?? null, details: { sessionsRevoked: sessions, apiKeysRevoked: keys } });
    return deactivated;
  }

  async beginTotpEnrolment(caller: Caller): Promise<TotpEnrolment> {
    const user = await this.signedInUser(caller);
    const tenant = await this.deps.tenants.getById(caller.tenantId);
    return this.deps.mfa.beginEnrolment(user, tenant?.slug ?? caller.tenantId);
  }

  async confirmTotpEnrolment(caller: Caller, code: string): Promise<string[]> {
    const user = await this.signedInUser(caller);
    const codes = await this.deps.mfa.confirmEnrolment(user, code);
    await this.deps.audit.record({ tenantId: caller.tenantId, actor: actorOf(caller), action: 'user.mfa_enrolled', target: user.id, outcome: 'success', address: caller.address ?? null });
    return codes;
  }

  async setMfaRequired(caller: Caller, required: boolean): Promise<boolean> {
    await this.deps.settings.setMfaRequired(caller.tenantId, required);
    return required;
  }

  auditLog(caller: Caller, first: number, after: string | null, filter: AuditFilter) {
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new DomainError('invalid_input', 'PEOPLE.INVALID_PAGE', 'first must be 1-200');
    if (after !== null && !/^\d{1,18}$/.test(after)) throw new DomainError('invalid_input', 'PEOPLE.INVALID_CURSOR', 'after must be a cursor from a previous page');
    return this.deps.audit.query(caller.tenantId, { first, after }, filter);
  }

  /** Records a GraphQL mutation run through the gateway (any subgraph): who, what, from where, outcome. */
  async recordMutation(entry: { tenantId: string; principalId: string; fields: readonly string[]; operationName: string | null; ok: boolean; errorCodes: readonly string[]; address: string | null; requestId: string }): Promise<void> {
    const base = actorOf({ tenantId: entry.tenantId, principalId: entry.principalId, roles: [] });
    // A key acts for its owner: the entry names the key and the person behind it.
    const key = base.type === 'api_key' ? await this.deps.keys.get(entry.tenantId, entry.principalId) : null;
    await this.deps.audit.record({
      tenantId: entry.tenantId,
      actor: key ? { ...base, label: key.name } : base,
      action: 'graphql.mutation',
      target: entry.fields.join(','),
      outcome: entry.ok ? 'success' : 'failure',
      address: entry.address,
      details: {
        operationName: entry.operationName,
        requestId: entry.requestId,
        ...(key?.owner ? { ownerUserId: key.owner.id, ownerEmail: key.owner.email } : {}),
        ...(entry.errorCodes.length > 0 ? { errorCodes: entry.errorCodes } : {}),
      },
    });
  }

  private async signedInUser(caller: Caller): Promise<UserRecord> {
    const user = caller.principalId.startsWith('usr_') ? await this.deps.users.getById(caller.tenantId, caller.principalId) : null;
    if (!user) throw new DomainError('forbidden', 'PEOPLE.USER_REQUIRED', 'Only a signed-in user can enrol a second factor (not an API key).');
    return user;
  }
}
