import { DomainError, Violations, type SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import { newId } from './random-id.js';

export interface TenantRecord {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: Date;
}

const SLUG = /^[a-z0-9-]{2,40}$/;

/** Tenants. Takes any `SqlClient`, so it also works on a caller's transaction client. */
export class TenantRepository {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Creates a tenant with a fresh `ten_` id.
   * Returns the new record. Raises `ValidationError` naming `slug` / `name`, and
   * `DomainError('conflict', 'PLATFORM.TENANT_SLUG_TAKEN')` when the slug is in use.
   */
  async create(input: { slug: string; name: string }): Promise<TenantRecord> {
    const violations = new Violations();
    if (!SLUG.test(input.slug)) violations.add('slug', 'must be 2-40 characters of a-z, 0-9 and -');
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) violations.add('name', 'must be 1-200 characters');
    violations.throwIfAny();
    const result = await this.sql.query(
      `INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING *`,
      [newId('ten'), input.slug, name],
    );
    const row = result.rows[0];
    if (row === undefined) {
      throw new DomainError('conflict', 'PLATFORM.TENANT_SLUG_TAKEN', `A tenant with slug ${input.slug} already exists`);
    }
    return toTenantRecord(row);
  }

  /** Returns the tenant, or null when there is none. */
  async getById(id: string): Promise<TenantRecord | null> {
    const result = await this.sql.query('SELECT * FROM tenants WHERE id = $1', [id]);
    return result.rows[0] === undefined ? null : toTenantRecord(result.rows[0]);
  }

  /** Returns the tenant with this slug, or null when there is none. */
  async getBySlug(slug: string): Promise<TenantRecord | null> {
    const result = await this.sql.query('SELECT * FROM tenants WHERE slug = $1', [slug]);
    return result.rows[0] === undefined ? null : toTenantRecord(result.rows[0]);
  }

  /** Returns every tenant, oldest first. */
  async list(): Promise<TenantRecord[]> {
    const result = await this.sql.query('SELECT * FROM tenants ORDER BY created_at, id');
    return result.rows.map(toTenantRecord);
  }
}

const tenantRow = z.object({ id: z.string(), slug: z.string(), name: z.string(), created_at: z.date() });

/** The one mapping from a `tenants` row; a row of another shape raises (a schema drift, not user input). */
function toTenantRecord(row: Record<string, unknown>): TenantRecord {
  const r = tenantRow.parse(row);
  return { id: r.id, slug: r.slug, name: r.name, createdAt: r.created_at };
}
