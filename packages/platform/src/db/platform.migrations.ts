import type { SqlMigration } from '@bizosaas/domain';
import type { MigrationSet } from './migrate.js';

/** The platform's own tables: tenants, connections, API keys, the local secret store, agents and their runs. Forward-only. */
export const platformMigrations: SqlMigration[] = [
  {
    id: '0001_tenants',
    sql: `CREATE TABLE tenants (
      id text PRIMARY KEY,
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: '0002_connections',
    sql: `CREATE TABLE connections (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id),
      port text NOT NULL,
      provider text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'error', 'needs_reauth', 'disconnected')),
      settings jsonb NOT NULL DEFAULT '{}',
      secret_ref text NULL,
      last_error text NULL,
      version int NOT NULL DEFAULT 1,
      connected_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- A tenant has at most one live connection per port (DESIGN.md, "Tenancy"); history stays as disconnected rows.
    CREATE UNIQUE INDEX connections_one_live_per_port ON connections (tenant_id, port) WHERE status <> 'disconnected';
    CREATE INDEX connections_by_tenant ON connections (tenant_id)`,
  },
  {
    id: '0003_api_keys',
    sql: `CREATE TABLE api_keys (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id),
      name text NOT NULL,
      prefix text NOT NULL UNIQUE,
      key_hash text NOT NULL,
      roles text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NULL,
      revoked_at timestamptz NULL
    );
    CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id)`,
  },
  {
    id: '0004_local_secrets',
    sql: `CREATE TABLE local_secrets (
      path text PRIMARY KEY,
      key_id text NOT NULL,
      iv text NOT NULL,
      auth_tag text NOT NULL,
      ciphertext text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: '0005_agents',
    // Built-in agents have no tenant and are visible to every tenant; `seq` gives the list order and
    // the cursors (creation order, without ties between rows written in one transaction).
    sql: `CREATE TABLE agents (
      id text PRIMARY KEY,
      tenant_id text NULL REFERENCES tenants (id),
      key text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      goal text NOT NULL,
      instructions text NOT NULL,
      tools text[] NOT NULL,
      approval_required_for text[] NOT NULL DEFAULT '{}',
      built_in boolean NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (built_in = (tenant_id IS NULL))
    );
    CREATE UNIQUE INDEX agents_key_per_tenant ON agents ((coalesce(tenant_id, '')), key);
    CREATE INDEX agents_by_tenant ON agents (tenant_id, seq);
    CREATE TABLE agent_runs (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id),
      agent_id text NOT NULL REFERENCES agents (id),
      status text NOT NULL CHECK (status IN ('queued', 'running', 'waiting_for_approval', 'succeeded', 'failed', 'cancelled')),
      input text NOT NULL,
      steps jsonb NOT NULL DEFAULT '[]',
      output text NULL,
      error text NULL,
      requested_by text NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL
    );
    CREATE INDEX agent_runs_by_tenant ON agent_runs (tenant_id, seq);
    CREATE INDEX agent_runs_by_agent ON agent_runs (tenant_id, agent_id, seq)`,
  },
  {
    // One row per webhook delivery a provider made: a repeated delivery id publishes nothing again.
    id: '0006_webhook_deliveries',
    sql: `
    CREATE TABLE webhook_deliveries (
      connection_id text NOT NULL REFERENCES connections(id),
      delivery_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      events integer NOT NULL,
      PRIMARY KEY (connection_id, delivery_id)
    );`,
  },
  {
    // Pending OAuth authorizations (the connect flow between beginOAuthConnect and /oauth/callback).
    // `state` holds the SHA-256 of the state sent to the provider, so a database read yields no usable
    // state; the client secret waits in the secret store at `secret_ref`, never in this row.
    id: '0007_oauth_states',
    sql: `
    CREATE TABLE oauth_states (
      state text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      port text NOT NULL,
      provider text NOT NULL,
      settings jsonb NOT NULL,
      client_id text NOT NULL,
      secret_ref text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX oauth_states_by_expiry ON oauth_states (expires_at);`,
  },
  {
    // The transactional outbox: a change's events, written in the change's transaction and published by
    // the relay (outbox/outbox-relay.ts), which deletes a row once the bus has accepted it. `seq` orders
    // publication; `id` is the event id consumers deduplicate on.
    id: '0008_event_outbox',
    sql: `
    CREATE TABLE event_outbox (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      tenant_id text NOT NULL,
      type text NOT NULL,
      envelope text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    );
    CREATE TABLE event_outbox_dead (
      id text PRIMARY KEY,
      envelope text NOT NULL,
      reason text NOT NULL,
      set_aside_at timestamptz NOT NULL DEFAULT now()
    );`,
  },
  {
    // Replay by content: for schemes whose signature leaves the delivery id out (Shopify, WooCommerce) the
    // connector hands over a digest of the signed bytes, and a second delivery with the same digest under a
    // new delivery id conflicts here and publishes nothing. NULL (schemes that sign the id) never conflicts.
    id: '0009_webhook_replay_keys',
    sql: `
    ALTER TABLE webhook_deliveries ADD COLUMN replay_key text NULL;
    CREATE UNIQUE INDEX webhook_deliveries_by_replay_key ON webhook_deliveries (connection_id, replay_key) WHERE replay_key IS NOT NULL;`,
  },
];

/** The platform's set for `migrate`; apply it before connector sets (their tables may reference tenants). */
export const platformMigrationSet: MigrationSet = { name: 'platform', migrations: platformMigrations };
