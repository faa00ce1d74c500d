import type { SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import { newPeopleId } from './people-ids.js';

export const USER_ROLES = ['admin', 'editor', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A user as shown: never the password hash. */
export interface UserRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly status: 'active' | 'deactivated';
  readonly mfaEnrolled: boolean;
  readonly createdAt: Date;
  readonly deactivatedAt: Date | null;
  readonly lastSignInAt: Date | null;
}

/** The stored credentials of a user, for the sign-in path only. */
export interface UserCredentials {
  readonly user: UserRecord;
  readonly passwordHash: string | null;
}

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users per tenant. Takes any `SqlClient`, so it works inside a transaction. */
export class UserRepository {
  constructor(private readonly sql: SqlClient) {}

  async insert(input: { tenantId: string; email: string; name: string; role: UserRole; passwordHash: string | null }): Promise<UserRecord> {
    const result = await this.sql.query(
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [newPeopleId('usr'), input.tenantId, normaliseEmail(input.email), input.name, input.role, input.passwordHash],
    );
    return toUser(result.rows[0]);
  }

  async getById(tenantId: string, id: string): Promise<UserRecord | null> {
    const result = await this.sql.query('SELECT * FROM users WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return result.rows[0] === undefined ? null : toUser(result.rows[0]);
  }

  async findCredentials(tenantId: string, email: string): Promise<UserCredentials | null> {
    const result = await this.sql.query('SELECT * FROM users WHERE tenant_id = $1 AND email = $2', [tenantId, normaliseEmail(email)]);
    const row = result.rows[0];
    return row === undefined ? null : { user: toUser(row), passwordHash: userRow.parse(row).password_hash };
  }

  /** The tenant's users, deactivated ones included (their history stays), oldest first. */
  async list(tenantId: string): Promise<UserRecord[]> {
    const result = await this.sql.query('SELECT * FROM users WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId]);
    return result.rows.map(toUser);
  }

  async countActiveAdmins(tenantId: string): Promise<number> {
    const result = await this.sql.query(`SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND role = 'admin' AND status = 'active'`, [tenantId]);
    return z.object({ n: z.number() }).parse(result.rows[0]).n;
  }

  /** Marks the user deactivated (the row and everything that names it stay). Null when there is no such user. */
  async deactivate(tenantId: string, id: string): Promise<UserRecord | null> {
    const result = await this.sql.query(
      `UPDATE users SET status = 'deactivated', deactivated_at = coalesce(deactivated_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id],
    );
    return result.rows[0] === undefined ? null : toUser(result.rows[0]);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
  }

  async markSignedIn(userId: string): Promise<void> {
    await this.sql.query('UPDATE users SET last_sign_in_at = now() WHERE id = $1', [userId]);
  }

  async setMfaEnrolled(userId: string, enrolled: boolean): Promise<void> {
    await this.sql.query('UPDATE users SET mfa_enrolled_at = CASE WHEN $2 THEN now() ELSE NULL END, totp_last_step = NULL WHERE id = $1', [userId, enrolled]);
  }

  /**
   * Records `step` as the user's last accepted TOTP step when it is later than the last one; false when it
   * is not (the code was used already, or an older one after a newer): one atomic statement, so two
   * concurrent requests with the same code cannot both pass.
   */
  async acceptTotpStep(userId: string, step: number): Promise<boolean> {
    const result = await this.sql.query(
      'UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
      [userId, step],
    );
    return result.rows.length === 1;
  }
}

const userRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  password_hash: z.string().nullable(),
  status: z.enum(['active', 'deactivated']),
  mfa_enrolled_at: z.date().nullable(),
  created_at: z.date(),
  deactivated_at: z.date().nullable(),
  last_sign_in_at: z.date().nullable(),
});

function toUser(row: Record<string, unknown> | undefined): UserRecord {
  const r = userRow.parse(row);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.status,
    mfaEnrolled: r.mfa_enrolled_at !== null,
    createdAt: r.created_at,
    deactivatedAt: r.deactivated_at,
    lastSignInAt: r.last_sign_in_at,
  };
}
