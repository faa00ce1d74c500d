import type { MigrationSet } from '../../db/migrate.js';

/**
 * Intents of writes to external providers (issue 10): recorded before the upstream call, completed with
 * the call's events, or settled by the recovery pass after a crash. A set of its own so it orders
 * independently of the platform's numbered list. Forward-only.
 */
export const intentMigrationSet: MigrationSet = {
  name: 'platform:external-intents',
  migrations: [
    {
      id: '0001_external_intents',
      sql: `CREATE TABLE external_intents (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        operation text NOT NULL,
        input jsonb NOT NULL,
        idempotency_key text NOT NULL,
        -- pending until the caller completes it or the recovery pass settles it.
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'completed', 'no_effect')),
        -- Nobody else settles a pending intent before this: the caller's upstream call may still be running.
        lease_until timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz NULL
      );
      CREATE INDEX external_intents_pending ON external_intents (lease_until) WHERE state = 'pending';
      CREATE INDEX external_intents_settled ON external_intents (settled_at) WHERE state <> 'pending'`,
    },
    {
      // An intent no resolver can ever decide (UndecidableWriteError) waits for a person instead of being
      // retried every pass; it is kept (never purged) until someone settles it by hand.
      id: '0002_needs_review',
      sql: `ALTER TABLE external_intents DROP CONSTRAINT external_intents_state_check;
      ALTER TABLE external_intents ADD CONSTRAINT external_intents_state_check CHECK (state IN ('pending', 'completed', 'no_effect', 'needs_review'))`,
    },
    {
      // A person who checked at the provider settles a needs_review intent (settleExternalWrite): who did,
      // and what they noted. Null for intents settled by a caller or the recovery pass.
      id: '0003_review_settlement',
      sql: `ALTER TABLE external_intents ADD COLUMN reviewed_by text NULL, ADD COLUMN review_note text NULL;
      CREATE INDEX external_intents_tenant_state ON external_intents (tenant_id, state, created_at DESC, id DESC)`,
    },
  ],
};
