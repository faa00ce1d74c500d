import { DomainError, NotFoundError, Violations, type ExternalWriteState, type ExternalWriteView, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTE_MAX = 1000;

const row = z.object({
  id: z.string(),
  operation: z.string(),
  state: z.enum(['pending', 'needs_review', 'completed', 'no_effect']),
  last_error: z.string().nullable(),
  attempts: z.number(),
  input: z.record(z.string(), z.unknown()),
  created_at: z.date(),
  settled_at: z.date().nullable(),
  reviewed_by: z.string().nullable(),
  review_note: z.string().nullable(),
});

const COLUMNS = 'id, operation, state, last_error, attempts, input, created_at, settled_at, reviewed_by, review_note';

/** Keys like `id`, `variantId`, `memberIds` with string values; nothing else of the input. */
export function inputIds(input: Readonly<Record<string, unknown>>): Record<string, string | string[]> {
  const ids: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'id' && !/[a-z]Id$/.test(key) && !/[a-z]Ids$/.test(key)) continue;
    if (typeof value === 'string') ids[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) ids[key] = value.slice(0, 20);
  }
  return ids;
}

function toView(raw: unknown): ExternalWriteView {
  const r = row.parse(raw);
  return {
    id: r.id,
    operation: r.operation,
    state: r.state,
    reason: r.last_error,
    attempts: r.attempts,
    createdAt: r.created_at,
    settledAt: r.settled_at,
    reviewedBy: r.reviewed_by,
    reviewNote: r.review_note,
    inputIds: inputIds(r.input),
  };
}

/**
 * The review side of `external_intents`: a tenant's intents by state, and settling one set aside for a
 * person. Every statement is scoped by the tenant id the caller passes (from the verified context).
 */
export class IntentReview {
  constructor(private readonly db: SqlClient) {}

  /** Newest first; `after` is the id of the last intent of the previous page. */
  async list(tenantId: string, state: ExternalWriteState, first: number, after: string | null): Promise<{ writes: ExternalWriteView[]; hasMore: boolean }> {
    const violations = new Violations();
    if (!Number.isInteger(first) || first < 1 || first > 200) violations.add('first', 'must be 1-200');
    if (after !== null && !UUID.test(after)) violations.add('after', 'must be the id of an external write from a previous page');
    violations.throwIfAny();
    if (after !== null) {
      const anchor = await this.db.query('SELECT 1 FROM external_intents WHERE id = $1 AND tenant_id = $2', [after, tenantId]);
      if (anchor.rows.length === 0) new Violations().add('after', 'is not an external write of this tenant (settled writes are purged after 7 days)').throwIfAny();
    }
    const result = await this.db.query(
      `SELECT ${COLUMNS} FROM external_intents WHERE tenant_id = $1 AND state = $2
         AND ($3::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM external_intents WHERE id = $3::uuid AND tenant_id = $1))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [tenantId, state, after, first + 1],
    );
    const writes = result.rows.map(toView);
    return { writes: writes.slice(0, first), hasMore: writes.length > first };
  }

  /**
   * Settles a `needs_review` intent as a person decided after checking at the provider, in one statement.
   * Raises ValidationError (bad id or note), NotFoundError (not this tenant's), or INVALID_STATE when the
   * intent is not waiting for review (settled already, or still pending with the recovery pass).
   */
  async settle(tenantId: string, input: { id: string; outcome: 'completed' | 'no_effect'; reviewedBy: string; note: string | null }): Promise<ExternalWriteView> {
    const violations = new Violations();
    if (!UUID.test(input.id)) violations.add('id', 'must be the id of an external write');
    if (input.note !== null && input.note.length > NOTE_MAX) violations.add('note', `must be at most ${NOTE_MAX} characters`);
    violations.throwIfAny();
    const result = await this.db.query(
      `UPDATE external_intents SET state = $3, settled_at = now(), reviewed_by = $4, review_note = $5
       WHERE id = $1 AND tenant_id = $2 AND state = 'needs_review' RETURNING ${COLUMNS}`,
      [input.id, tenantId, input.outcome, input.reviewedBy, input.note],
    );
    if (result.rows.length > 0) return toView(result.rows[0]);
    const current = await this.db.query('SELECT state FROM external_intents WHERE id = $1 AND tenant_id = $2', [input.id, tenantId]);
    const state = z.object({ state: z.string() }).optional().parse(current.rows[0])?.state;
    if (state === undefined) throw new NotFoundError('ExternalWrite', input.id, 'PLATFORM');
    throw new DomainError('invalid_state', 'PLATFORM.EXTERNAL_WRITE_NOT_IN_REVIEW', `External write ${input.id} is ${state}, not needs_review: only a write set aside for review can be settled by hand.`);
  }
}
