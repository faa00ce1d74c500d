import { isPortName, type PortName, type SqlClient } from '@bizosaas/domain';
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A pending OAuth authorization: what `complete` needs once the provider redirects back. */
export interface PendingAuthorization {
  readonly tenantId: string;
  readonly port: PortName;
  readonly provider: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly clientId: string;
  /** Where the client secret waits in the secret store until the flow ends. */
  readonly secretRef: string;
  readonly expiresAt: Date;
}

/** The stored key of a state: its SHA-256, so the table never holds a state that could complete a flow. */
function stateKey(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('base64url');
}

/** The `oauth_states` table. Takes any `SqlClient`. */
export class OAuthStateRepository {
  constructor(private readonly sql: SqlClient) {}

  async insert(state: string, pending: PendingAuthorization): Promise<void> {
    await this.sql.query(
      `INSERT INTO oauth_states (state, tenant_id, port, provider, settings, client_id, secret_ref, expires_at)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8::timestamptz)`,
      [stateKey(state), pending.tenantId, pending.port, pending.provider, JSON.stringify(pending.settings), pending.clientId, pending.secretRef, pending.expiresAt.toISOString()],
    );
  }

  /** Deletes and returns the pending authorization of `state` (expired or not): one caller wins, once. */
  async take(state: string): Promise<PendingAuthorization | null> {
    const result = await this.sql.query('DELETE FROM oauth_states WHERE state = $1 RETURNING *', [stateKey(state)]);
    return result.rows[0] === undefined ? null : toPending(result.rows[0]);
  }

  /** Deletes up to `limit` authorizations that expired before `now`; returns their secret paths to remove. */
  async sweepExpired(now: Date, limit = 100): Promise<string[]> {
    const result = await this.sql.query(
      `DELETE FROM oauth_states WHERE state IN (SELECT state FROM oauth_states WHERE expires_at <= $1::timestamptz ORDER BY expires_at LIMIT $2)
       RETURNING secret_ref`,
      [now.toISOString(), limit],
    );
    return result.rows.map((row) => z.object({ secret_ref: z.string() }).parse(row).secret_ref);
  }
}

const pendingRow = z.object({
  tenant_id: z.string(),
  port: z.string().refine(isPortName),
  provider: z.string(),
  settings: z.record(z.string(), z.unknown()),
  client_id: z.string(),
  secret_ref: z.string(),
  expires_at: z.date(),
});

function toPending(row: Record<string, unknown>): PendingAuthorization {
  const r = pendingRow.parse(row);
  return { tenantId: r.tenant_id, port: r.port, provider: r.provider, settings: r.settings, clientId: r.client_id, secretRef: r.secret_ref, expiresAt: r.expires_at };
}
