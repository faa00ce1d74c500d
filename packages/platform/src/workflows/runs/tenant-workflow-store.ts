import type { SqlClient } from '@bizosaas/domain';

export interface TenantWorkflow {
  readonly template: string;
  readonly enabled: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

/** Which workflow templates a tenant enabled, with their settings (table `tenant_workflows`). */
export class TenantWorkflowStore {
  constructor(private readonly db: SqlClient) {}

  /** Enables (or re-enables with new settings) a template for the tenant. Settings are validated by the caller. */
  async enable(tenantId: string, template: string, settings: Readonly<Record<string, unknown>>, updatedBy: string): Promise<TenantWorkflow> {
    const result = await this.db.query(
      `INSERT INTO tenant_workflows (tenant_id, template, enabled, settings, updated_by) VALUES ($1, $2, true, $3, $4)
       ON CONFLICT (tenant_id, template) DO UPDATE SET enabled = true, settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [tenantId, template, JSON.stringify(settings), updatedBy],
    );
    return toTenantWorkflow(result.rows[0] ?? {});
  }

  /** Disables it, keeping the settings; null when the tenant never enabled it. */
  async disable(tenantId: string, template: string, updatedBy: string): Promise<TenantWorkflow | null> {
    const result = await this.db.query(
      `UPDATE tenant_workflows SET enabled = false, updated_by = $3, updated_at = now() WHERE tenant_id = $1 AND template = $2 RETURNING *`,
      [tenantId, template, updatedBy],
    );
    const row = result.rows[0];
    return row ? toTenantWorkflow(row) : null;
  }

  async list(tenantId: string): Promise<TenantWorkflow[]> {
    const result = await this.db.query('SELECT * FROM tenant_workflows WHERE tenant_id = $1 ORDER BY template', [tenantId]);
    return result.rows.map(toTenantWorkflow);
  }

  /** Every tenant that has `template` enabled, with its settings (the schedule trigger walks them). */
  async enabledFor(template: string): Promise<Array<TenantWorkflow & { readonly tenantId: string }>> {
    const result = await this.db.query('SELECT * FROM tenant_workflows WHERE template = $1 AND enabled ORDER BY tenant_id', [template]);
    return result.rows.map((row) => ({ ...toTenantWorkflow(row), tenantId: String(row.tenant_id) }));
  }

  /** The tenant's setting for one template, or null. */
  async get(tenantId: string, template: string): Promise<TenantWorkflow | null> {
    const result = await this.db.query('SELECT * FROM tenant_workflows WHERE tenant_id = $1 AND template = $2', [tenantId, template]);
    const row = result.rows[0];
    return row ? toTenantWorkflow(row) : null;
  }
}

function toTenantWorkflow(row: Record<string, unknown>): TenantWorkflow {
  const settings = row.settings !== null && typeof row.settings === 'object' ? (row.settings as Record<string, unknown>) : {};
  return {
    template: String(row.template),
    enabled: row.enabled === true,
    settings,
    updatedBy: String(row.updated_by),
    updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(0),
  };
}
