import type { SqlClient } from '@bizosaas/domain';
import { z } from 'zod';

/** Who did something: a signed-in user, an API key (and its owner), or nobody known (a failed sign-in). */
export interface AuditActor {
  readonly type: 'user' | 'api_key' | 'anonymous';
  readonly id: string | null;
  /** An email or key name, for people reading the log; may be the email a failed sign-in tried. */
  readonly label: string | null;
}

export interface AuditEntryInput {
  readonly tenantId: string;
  readonly actor: AuditActor;
  /** `auth.sign_in`, `auth.mfa`, `user.invite`, `graphql.mutation`, ... */
  readonly action: string;
  readonly target?: string | null;
  readonly outcome: 'success' | 'failure';
  readonly address?: string | null;
  /** Never secrets: field names, ids, reasons. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'details'>> {
  readonly id: string;
  readonly occurredAt: Date;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditFilter {
  readonly action?: string | null;
  readonly actorId?: string | null;
  readonly outcome?: 'success' | 'failure' | null;
  readonly since?: Date | null;
}

/** The per-tenant audit trail: append-only, read newest first with an id cursor. */
export class AuditLog {
  constructor(private readonly sql: SqlClient) {}

  async record(entry: AuditEntryInput): Promise<void> {
    await this.sql.query(
      `INSERT INTO audit_log (tenant_id, actor_type, actor_id, actor_label, action, target, outcome, address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [entry.tenantId, entry.actor.type, entry.actor.id, entry.actor.label, entry.action, entry.target ?? null, entry.outcome, entry.address ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  /** Up to `first` entries older than the cursor `after` (an entry id), newest first, and whether more exist. */
  async query(tenantId: string, page: { first: number; after?: string | null }, filter: AuditFilter = {}): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    const result = await this.sql.query(
      `SELECT * FROM audit_log WHERE tenant_id = $1
         AND ($2::bigint IS NULL OR id < $2::bigint)
         AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR actor_id = $4)
         AND ($5::text IS NULL OR outcome = $5) AND ($6::timestamptz IS NULL OR occurred_at >= $6)
       ORDER BY id DESC LIMIT $7`,
      [tenantId, page.after ?? null, filter.action ?? null, filter.actorId ?? null, filter.outcome ?? null, filter.since ?? null, page.first + 1],
    );
    const entries = result.rows.map(toEntry);
    return { entries: entries.slice(0, page.first), hasMore: entries.length > page.first };
  }
}

const auditRow = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  tenant_id: z.string(),
  occurred_at: z.date(),
  actor_type: z.enum(['user', 'api_key', 'anonymous']),
  actor_id: z.string().nullable(),
  actor_label: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

function toEntry(row: Record<string, unknown>): AuditEntry {
  const r = auditRow.parse(row);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    occurredAt: r.occurred_at,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    address: r.address,
    details: r.details,
  };
}
