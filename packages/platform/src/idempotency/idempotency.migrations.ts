import type { MigrationSet } from '../db/migrate.js';

/**
 * Idempotency keys of mutations (issue 10, the IETF httpapi Idempotency-Key draft): one row per tenant and
 * key, holding the request's fingerprint and, once the first request finished, its response. A set of its
 * own so it orders independently of the platform's numbered list. Forward-only.
 */
export const idempotencyMigrationSet: MigrationSet = {
  name: 'platform:idempotency',
  migrations: [
    {
      id: '0001_idempotency_keys',
      sql: `CREATE TABLE idempotency_keys (
        tenant_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        -- NULL while the first request runs; then its status and body, replayed to every repeat.
        response_status int NULL,
        response_body jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, key)
      );
      CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)`,
    },
  ],
};
