import type { ExternalIntent, PendingIntent, SqlClient } from '@bizosaas/domain';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const pendingRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  operation: z.string(),
  input: z.record(z.string(), z.unknown()),
  idempotency_key: z.string(),
  created_at: z.date(),
});

/** Settled rows are kept this long (for inspection), then purged. */
const KEEP_SETTLED_DAYS = 7;

/**
 * `external_intents` (intent.migrations.ts). Statements on the plain database run in their own
 * transaction, so an intent is committed before the upstream call it announces; `complete` and `settle`
 * take the unit's transaction so an intent's state and its events are committed together.
 */
export class SqlIntentStore {
  constructor(
    private readonly db: SqlClient,
    /** How long the caller's upstream call may take before the recovery pass may settle its intent. */
    readonly leaseSeconds: number,
  ) {}

  /** Commits a pending intent; its idempotency key is derived from its id. */
  async begin(intent: ExternalIntent): Promise<{ id: string; idempotencyKey: string }> {
    const id = randomUUID();
    const idempotencyKey = `bizosaas-intent-${id}`;
    await this.db.query(
      `INSERT INTO external_intents (id, tenant_id, operation, input, idempotency_key, lease_until)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [id, intent.tenantId, intent.operation, JSON.stringify(intent.input), idempotencyKey, this.leaseSeconds],
    );
    return { id, idempotencyKey };
  }

  /**
   * Marks the intent completed in `tx`. True when the caller should store its events; false when the
   * recovery pass already completed it (and stored the events). An intent the pass wrongly settled as
   * `no_effect` is corrected: the caller saw the effect, so its events are stored now.
   */
  async complete(tx: SqlClient, id: string): Promise<boolean> {
    const result = await tx.query(`UPDATE external_intents SET state = 'completed', settled_at = now() WHERE id = $1 AND state <> 'completed' RETURNING id`, [id]);
    return result.rows.length > 0;
  }

  /** The upstream call was refused (validation, not found, conflict, ...): it had no effect. */
  async abandon(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE external_intents SET state = 'no_effect', settled_at = now(), last_error = $2 WHERE id = $1 AND state = 'pending'`, [id, reason]);
  }

  /** The outcome is unknown (timeout, 5xx, crash of the commit): the next recovery pass settles it. */
  async expireLease(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE external_intents SET lease_until = now(), last_error = $2 WHERE id = $1 AND state = 'pending'`, [id, reason]);
  }

  /**
   * Takes up to `limit` pending intents whose lease ran out and leases them to the caller, so two
   * processes never settle one intent at once.
   */
  async claim(limit: number): Promise<PendingIntent[]> {
    const result = await this.db.query(
      `UPDATE external_intents SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (SELECT id FROM external_intents WHERE state = 'pending' AND lease_until < now() ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, tenant_id, operation, input, idempotency_key, created_at`,
      [limit, this.leaseSeconds],
    );
    return result.rows
      .map((row) => pendingRow.parse(row))
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
      .map((row) => ({ id: row.id, tenantId: row.tenant_id, operation: row.operation, input: row.input, idempotencyKey: row.idempotency_key, createdAt: row.created_at }));
  }

  /** Settles a pending intent in `tx`; false when someone else settled it first. */
  async settle(tx: SqlClient, id: string, state: 'completed' | 'no_effect'): Promise<boolean> {
    const result = await tx.query(`UPDATE external_intents SET state = $2, settled_at = now() WHERE id = $1 AND state = 'pending' RETURNING id`, [id, state]);
    return result.rows.length > 0;
  }

  /** Notes why a pending intent could not be settled yet. */
  async noteFailure(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE external_intents SET last_error = $2 WHERE id = $1`, [id, reason]);
  }

  /** Sets a pending intent aside for a person (`needs_review`), with what to check; no pass claims it again. */
  async setAsideForReview(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE external_intents SET state = 'needs_review', settled_at = now(), last_error = $2 WHERE id = $1 AND state = 'pending'`, [id, reason]);
  }

  /** Intents still pending, and intents set aside for a person. */
  async openCounts(): Promise<{ pending: number; needsReview: number }> {
    const result = await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'needs_review')::int AS needs_review
       FROM external_intents WHERE state IN ('pending', 'needs_review')`,
    );
    const row = z.object({ pending: z.number(), needs_review: z.number() }).parse(result.rows[0]);
    return { pending: row.pending, needsReview: row.needs_review };
  }

  async purgeSettled(): Promise<void> {
    await this.db.query(`DELETE FROM external_intents WHERE state IN ('completed', 'no_effect') AND settled_at < now() - make_interval(days => $1)`, [KEEP_SETTLED_DAYS]);
  }
}
