import type { SqlClient } from '@bizosaas/domain';
import { z } from 'zod';
import { USER_ROLES, type UserRole } from './user.repository.js';

/** A tenant's sign-in rules: mandatory second factor, and its OpenID provider when single sign-on is set up. */
export interface AuthSettings {
  readonly mfaRequired: boolean;
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly defaultRole: UserRole } | null;
}

const DEFAULTS: AuthSettings = { mfaRequired: false, oidc: null };

export class TenantAuthSettings {
  constructor(private readonly sql: SqlClient) {}

  async get(tenantId: string): Promise<AuthSettings> {
    const result = await this.sql.query('SELECT * FROM tenant_auth_settings WHERE tenant_id = $1', [tenantId]);
    if (result.rows[0] === undefined) return DEFAULTS;
    const r = row.parse(result.rows[0]);
    return {
      mfaRequired: r.mfa_required,
      oidc: r.oidc_issuer && r.oidc_client_id ? { issuer: r.oidc_issuer, clientId: r.oidc_client_id, defaultRole: r.oidc_default_role } : null,
    };
  }

  async setMfaRequired(tenantId: string, required: boolean): Promise<void> {
    await this.sql.query(
      `INSERT INTO tenant_auth_settings (tenant_id, mfa_required) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET mfa_required = EXCLUDED.mfa_required, updated_at = now()`,
      [tenantId, required],
    );
  }

  async setOidc(tenantId: string, oidc: { issuer: string; clientId: string; defaultRole: UserRole }): Promise<void> {
    await this.sql.query(
      `INSERT INTO tenant_auth_settings (tenant_id, oidc_issuer, oidc_client_id, oidc_default_role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET oidc_issuer = EXCLUDED.oidc_issuer, oidc_client_id = EXCLUDED.oidc_client_id,
         oidc_default_role = EXCLUDED.oidc_default_role, updated_at = now()`,
      [tenantId, oidc.issuer, oidc.clientId, oidc.defaultRole],
    );
  }
}

const row = z.object({
  mfa_required: z.boolean(),
  oidc_issuer: z.string().nullable(),
  oidc_client_id: z.string().nullable(),
  oidc_default_role: z.enum(USER_ROLES),
});
