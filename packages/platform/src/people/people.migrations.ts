import type { MigrationSet } from '../db/migrate.js';

/**
 * People (issue 17): users per tenant, invitations, sessions, second factors, single sign-on settings and
 * the audit log. A set of its own, applied after the platform's (it references tenants and api_keys).
 * Forward-only.
 */
export const peopleMigrationSet: MigrationSet = {
  name: 'people',
  migrations: [
    {
      id: '0001_users',
      sql: `CREATE TABLE users (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        -- argon2id PHC string; NULL for users who only sign in through single sign-on.
        password_hash text NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
        mfa_enrolled_at timestamptz NULL,
        -- The TOTP time step last accepted: a code is good once, and never an older one after it.
        totp_last_step bigint NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz NULL,
        last_sign_in_at timestamptz NULL,
        UNIQUE (tenant_id, email)
      );
      CREATE TABLE user_invitations (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        invited_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz NULL,
        user_id text NULL REFERENCES users (id)
      );
      ALTER TABLE api_keys ADD COLUMN owner_user_id text NULL REFERENCES users (id)`,
    },
    {
      id: '0002_sessions_and_factors',
      sql: `CREATE TABLE user_sessions (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        tenant_id text NOT NULL REFERENCES tenants (id),
        user_id text NOT NULL REFERENCES users (id),
        -- 'pending_mfa': the password was right, the second factor is still due.
        kind text NOT NULL CHECK (kind IN ('session', 'pending_mfa')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        failed_attempts int NOT NULL DEFAULT 0,
        address text NULL
      );
      CREATE INDEX user_sessions_by_user ON user_sessions (user_id) WHERE revoked_at IS NULL;
      CREATE TABLE user_recovery_codes (
        user_id text NOT NULL REFERENCES users (id),
        code_hash text NOT NULL,
        used_at timestamptz NULL,
        PRIMARY KEY (user_id, code_hash)
      );
      CREATE TABLE tenant_auth_settings (
        tenant_id text PRIMARY KEY REFERENCES tenants (id),
        mfa_required boolean NOT NULL DEFAULT false,
        oidc_issuer text NULL,
        oidc_client_id text NULL,
        -- Users signing in through the provider for the first time get this role.
        oidc_default_role text NOT NULL DEFAULT 'viewer',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE oidc_flows (
        state_hash text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      )`,
    },
    {
      id: '0003_audit_log',
      sql: `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        -- 'user', 'api_key' or 'anonymous' (a failed sign-in names the address and the email tried).
        actor_type text NOT NULL,
        actor_id text NULL,
        actor_label text NULL,
        action text NOT NULL,
        target text NULL,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
        address text NULL,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id DESC)`,
    },
  ],
};
