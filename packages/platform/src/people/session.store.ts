import type { SqlClient } from '@bizosaas/domain';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hashToken, newPeopleId, newSecretToken } from './people-ids.js';

export type SessionKind = 'session' | 'pending_mfa';

/** A live session (or pending second factor) and whose it is. */
export interface SessionRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly kind: SessionKind;
  readonly expiresAt: Date;
  readonly failedAttempts: number;
}

/** A second-factor step allows this many wrong codes before the password must be given again. */
export const MAX_MFA_ATTEMPTS = 5;

// last_seen_at is for people ("active 5 minutes ago"); writing it on every request would make reads write.
const LAST_SEEN_GRANULARITY = `interval '1 minute'`;

/**
 * Server-side sessions: the cookie holds a 256-bit random token, the table its SHA-256, so a database
 * leak yields no usable session. Revocation is a row update, seen by every gateway at the next request.
 * The CSRF token is an HMAC of the session token (signed double-submit): a cookie planted by a sibling
 * domain cannot be paired with a session it does not know.
 */
export class SessionStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly csrfKey: string,
  ) {}

  async create(input: { tenantId: string; userId: string; kind: SessionKind; ttlSeconds: number; address: string | null }): Promise<{ token: string; record: SessionRecord }> {
    const token = newSecretToken();
    const result = await this.sql.query(
      `INSERT INTO user_sessions (id, token_hash, tenant_id, user_id, kind, expires_at, address)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), $7) RETURNING *`,
      [newPeopleId('ses'), hashToken(token), input.tenantId, input.userId, input.kind, input.ttlSeconds, input.address],
    );
    return { token, record: toSession(result.rows[0]) };
  }

  /**
   * The live session of `kind` behind `token` whose user is active, with the user's role, or null (unknown,
   * expired, revoked, deactivated). A read; last_seen_at is written at most once a minute.
   */
  async find(token: string, kind: SessionKind): Promise<(SessionRecord & { readonly role: string }) | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const result = await this.sql.query(
      `SELECT s.*, u.role, s.last_seen_at < now() - ${LAST_SEEN_GRANULARITY} AS stale FROM user_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
      [hashToken(token), kind],
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    const extra = z.object({ role: z.string(), stale: z.boolean() }).parse(row);
    if (extra.stale) await this.sql.query('UPDATE user_sessions SET last_seen_at = now() WHERE token_hash = $1', [hashToken(token)]);
    return { ...toSession(row), role: extra.role };
  }

  /** Revokes the session behind `token` (any kind); revoking twice keeps the first time. */
  async revoke(token: string): Promise<SessionRecord | null> {
    const result = await this.sql.query(
      'UPDATE user_sessions SET revoked_at = coalesce(revoked_at, now()) WHERE token_hash = $1 RETURNING *',
      [hashToken(token)],
    );
    return result.rows[0] === undefined ? null : toSession(result.rows[0]);
  }

  /** Revokes every session of a user (deactivation, password change). Returns how many were live. */
  async revokeAllOf(userId: string): Promise<number> {
    const result = await this.sql.query('UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [userId]);
    return result.rows.length;
  }

  /** Counts a wrong second factor; the pending session is revoked at MAX_MFA_ATTEMPTS. */
  async failedAttempt(sessionId: string): Promise<number> {
    const result = await this.sql.query(
      `UPDATE user_sessions SET failed_attempts = failed_attempts + 1,
         revoked_at = CASE WHEN failed_attempts + 1 >= $2 THEN now() ELSE revoked_at END
       WHERE id = $1 RETURNING failed_attempts`,
      [sessionId, MAX_MFA_ATTEMPTS],
    );
    return z.object({ failed_attempts: z.number() }).parse(result.rows[0]).failed_attempts;
  }

  /** The CSRF token that goes with a session token. */
  csrfFor(token: string): string {
    return createHmac('sha256', this.csrfKey).update(`bizosaas:csrf:v1:${token}`).digest('base64url');
  }

  /** Whether `presented` is the CSRF token of the session `token` (constant time). */
  csrfMatches(token: string, presented: string): boolean {
    const expected = Buffer.from(this.csrfFor(token));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const sessionRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  kind: z.enum(['session', 'pending_mfa']),
  expires_at: z.date(),
  failed_attempts: z.number(),
});

function toSession(row: Record<string, unknown> | undefined): SessionRecord {
  const r = sessionRow.parse(row);
  return { id: r.id, tenantId: r.tenant_id, userId: r.user_id, kind: r.kind, expiresAt: r.expires_at, failedAttempts: r.failed_attempts };
}
