import type { SqlClient } from '@bizosaas/domain';
import { z } from 'zod';

/** What a claim found: the key is now ours, or another request holds it (same or other body), or it is done. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'done'; readonly status: number; readonly body: unknown };

/** A stored response, replayed as it was. */
export interface IdempotentResponse {
  readonly status: number;
  readonly body: unknown;
}

const rowSchema = z.object({ fingerprint: z.string(), response_status: z.number().int().nullable(), response_body: z.unknown() });

/**
 * Idempotency keys in PostgreSQL, per tenant. The first request with a key claims it (a row without a
 * response) and completes it with its response; a repeat within the lifetime gets that response, a repeat
 * with another fingerprint is refused. An expired row is reclaimed in place, and `purgeExpired` deletes old
 * ones so the table stays the size of a day's mutations.
 */
export class SqlIdempotencyStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly lifetimeSeconds = 24 * 60 * 60,
  ) {}

  /** Claims `key` for `fingerprint`, or reports who holds it. Raises the driver's error when the database fails. */
  async claim(tenantId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    // Inserts, or takes over an expired row; RETURNING is empty when a live row holds the key.
    const claimed = await this.sql.query(
      `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (tenant_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, response_status = NULL, response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING 1`,
      [tenantId, key, fingerprint, this.lifetimeSeconds],
    );
    if (claimed.rowCount > 0) return { kind: 'claimed' };
    const { rows } = await this.sql.query('SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
    const found = rows[0];
    // Released between the two statements: try again (a release only follows a failed first request).
    if (found === undefined) return this.claim(tenantId, key, fingerprint);
    const row = rowSchema.parse(found);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.response_status === null) return { kind: 'pending' };
    return { kind: 'done', status: row.response_status, body: row.response_body };
  }

  /** Stores the first request's response; repeats get it from now on. */
  async complete(tenantId: string, key: string, response: IdempotentResponse): Promise<void> {
    await this.sql.query('UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE tenant_id = $1 AND key = $2', [
      tenantId,
      key,
      response.status,
      JSON.stringify(response.body),
    ]);
  }

  /** Forgets a claim whose request failed retryably, so a retry with the key runs again. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.sql.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND response_status IS NULL', [tenantId, key]);
  }

  /** Deletes expired keys; returns how many. */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.sql.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return rowCount;
  }
}
