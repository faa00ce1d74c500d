import { DomainError, Violations, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import type { AuditLog } from './audit-log.js';
import { passwordProblem } from './common-passwords.js';
import { hashPassword } from './password-hasher.js';
import { hashToken, newPeopleId, newSecretToken } from './people-ids.js';
import { actorOf, type Caller, type RequestOrigin } from './people.types.js';
import { normaliseEmail, USER_ROLES, UserRepository, type UserRecord, type UserRole } from './user.repository.js';

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: UserRole;
  readonly expiresAt: Date;
  /** The link to send the invitee; it carries the single-use token and is shown only here. */
  readonly url: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Invitations: single-use, expiring, stored as the token's SHA-256; accepting one creates the user. */
export class InvitationService {
  constructor(private readonly deps: { sql: SqlClient; audit: AuditLog; ttlSeconds: number; acceptUrl: string }) {}

  /** Raises ValidationError naming `email` / `role`, and CONFLICT when the email already has a user. */
  async invite(caller: Caller, input: { email: string; role: string }): Promise<Invitation> {
    const violations = new Violations();
    const email = normaliseEmail(input.email);
    if (!EMAIL.test(email)) violations.add('email', 'must be an email address such as ada@example.com');
    const role = USER_ROLES.find((r) => r === input.role.toLowerCase());
    if (!role) violations.add('role', `must be one of ${USER_ROLES.join(', ')}`);
    violations.throwIfAny();
    const existing = await new UserRepository(this.deps.sql).findCredentials(caller.tenantId, email);
    if (existing) throw new DomainError('conflict', 'PEOPLE.USER_EXISTS', `${email} already has an account in this tenant${existing.user.status === 'deactivated' ? ' (deactivated)' : ''}.`);
    const token = newSecretToken();
    const result = await this.deps.sql.query(
      `INSERT INTO user_invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7)) RETURNING id, expires_at`,
      [newPeopleId('inv'), caller.tenantId, email, role, hashToken(token), caller.principalId, this.deps.ttlSeconds],
    );
    const row = z.object({ id: z.string(), expires_at: z.date() }).parse(result.rows[0]);
    await this.deps.audit.record({ tenantId: caller.tenantId, actor: actorOf(caller), action: 'user.invite', target: email, outcome: 'success', address: caller.address ?? null, details: { role, invitationId: row.id } });
    const url = new URL(this.deps.acceptUrl);
    url.searchParams.set('token', token);
    return { id: row.id, email, role: role ?? 'viewer', expiresAt: row.expires_at, url: url.toString() };
  }

  /**
   * Accepts an invitation: creates the user with the password and marks the invitation used, in one
   * transaction. Raises ValidationError naming `name` / `password`, or `token` when the invitation is
   * unknown, used or expired (one answer for all three).
   */
  async accept(input: { token: string; name: string; password: string }, origin: RequestOrigin): Promise<UserRecord> {
    const violations = new Violations();
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) violations.add('name', 'must be 1-100 characters');
    const invitation = await this.find(input.token);
    if (!invitation) violations.add('token', 'is not a valid invitation (unknown, already used or expired); ask for a new one');
    const problem = passwordProblem(input.password, invitation ? { email: invitation.email } : {});
    if (problem) violations.add('password', problem);
    violations.throwIfAny();
    if (!invitation) throw new Error('unreachable: violations were thrown');
    const passwordHash = await hashPassword(input.password);
    const user = await this.deps.sql.transaction(async (tx) => {
      const claimed = await tx.query('UPDATE user_invitations SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL RETURNING id', [invitation.id]);
      if (claimed.rows.length === 0) new Violations().add('token', 'is not a valid invitation (unknown, already used or expired); ask for a new one').throwIfAny();
      const users = new UserRepository(tx);
      if (await users.findCredentials(invitation.tenantId, invitation.email)) throw new DomainError('conflict', 'PEOPLE.USER_EXISTS', `${invitation.email} already has an account in this tenant.`);
      const created = await users.insert({ tenantId: invitation.tenantId, email: invitation.email, name, role: invitation.role, passwordHash });
      await tx.query('UPDATE user_invitations SET user_id = $2 WHERE id = $1', [invitation.id, created.id]);
      return created;
    });
    await this.deps.audit.record({ tenantId: user.tenantId, actor: { type: 'user', id: user.id, label: user.email }, action: 'user.invitation_accepted', target: user.id, outcome: 'success', address: origin.address, details: { invitationId: invitation.id, role: user.role } });
    return user;
  }

  private async find(token: string): Promise<{ id: string; tenantId: string; email: string; role: UserRole } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const result = await this.deps.sql.query(
      'SELECT id, tenant_id, email, role FROM user_invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()',
      [hashToken(token)],
    );
    if (result.rows[0] === undefined) return null;
    const r = z.object({ id: z.string(), tenant_id: z.string(), email: z.string(), role: z.enum(USER_ROLES) }).parse(result.rows[0]);
    return { id: r.id, tenantId: r.tenant_id, email: r.email, role: r.role };
  }
}
