import { DomainError, Violations, type SecretStorePort, type SqlClient } from '@bizosaas/domain';
import { renderSVG } from 'uqr';
import { randomBase32 } from '../tenancy/random-id.js';
import { hashToken } from './people-ids.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import type { UserRecord, UserRepository } from './user.repository.js';

export const RECOVERY_CODE_COUNT = 10;

export interface TotpEnrolment {
  readonly otpauthUri: string;
  readonly secretForManualEntry: string;
  /** The otpauth URI as a QR code: an SVG `data:` URL an <img> can show as is. */
  readonly qrCodeSvg: string;
}

/**
 * The second factor: TOTP secrets live in the secret store (never in the users table), recovery codes as
 * SHA-256 (each has 100 random bits, so a fast hash is enough). A TOTP code is accepted once: its step
 * must be later than the last accepted one.
 */
export class MfaService {
  constructor(
    private readonly deps: { sql: SqlClient; users: UserRepository; secrets: SecretStorePort; issuer: string; now?: () => number },
  ) {}

  /** Starts (or restarts) enrolment: a new secret waits for its first code before it counts. */
  async beginEnrolment(user: UserRecord, tenantSlug: string): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    await this.deps.secrets.put(pendingPath(user.id), { secret });
    const uri = otpauthUri(secret, `${this.deps.issuer} (${tenantSlug})`, user.email);
    return { otpauthUri: uri, secretForManualEntry: secret, qrCodeSvg: `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri)).toString('base64')}` };
  }

  /**
   * Confirms enrolment with a code from the app: the secret becomes active and fresh recovery codes are
   * answered (once; only hashes are kept). Raises ValidationError naming `code`.
   */
  async confirmEnrolment(user: UserRecord, code: string): Promise<string[]> {
    const pending = await this.deps.secrets.get(pendingPath(user.id));
    const secret = pending?.secret;
    if (typeof secret !== 'string') throw new DomainError('invalid_state', 'PEOPLE.NO_ENROLMENT_STARTED', 'Begin TOTP enrolment first (beginTotpEnrolment).');
    const step = matchTotp(secret, code.trim(), this.now());
    if (step === null) new Violations().add('code', 'is not the current code of the authenticator app').throwIfAny('PEOPLE.INVALID_CODE');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => `${randomBase32(10)}-${randomBase32(10)}`);
    await this.deps.secrets.put(activePath(user.id), { secret });
    await this.deps.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [user.id]);
      for (const recovery of codes) await tx.query('INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)', [user.id, hashRecovery(recovery)]);
      await tx.query('UPDATE users SET mfa_enrolled_at = now(), totp_last_step = $2 WHERE id = $1', [user.id, step]);
    });
    await this.deps.secrets.delete(pendingPath(user.id));
    return codes;
  }

  /** Checks a TOTP or recovery code for an enrolled user; each is good once. */
  async verify(user: UserRecord, code: string): Promise<'totp' | 'recovery' | null> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const stored = await this.deps.secrets.get(activePath(user.id));
      const secret = stored?.secret;
      if (typeof secret !== 'string') return null;
      const step = matchTotp(secret, trimmed, this.now());
      return step !== null && (await this.deps.users.acceptTotpStep(user.id, step)) ? 'totp' : null;
    }
    const result = await this.deps.sql.query(
      'UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id',
      [user.id, hashRecovery(trimmed)],
    );
    return result.rows.length === 1 ? 'recovery' : null;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}

function pendingPath(userId: string): string {
  return `platform/people/totp-pending/${userId}`;
}

function activePath(userId: string): string {
  return `platform/people/totp/${userId}`;
}

/** Recovery codes are typed by people: case, spaces and dashes do not matter. */
function hashRecovery(code: string): string {
  return hashToken(code.toLowerCase().replace(/[\s-]/g, ''));
}
