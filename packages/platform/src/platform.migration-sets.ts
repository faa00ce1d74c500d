import { agentBudgetMigrationSet } from './agents/agent-budget.migrations.js';
import type { MigrationSet } from './db/migrate.js';
import { platformMigrationSet } from './db/platform.migrations.js';
import { idempotencyMigrationSet } from './idempotency/idempotency.migrations.js';
import { intentMigrationSet } from './outbox/intents/intent.migrations.js';
import { peopleMigrationSet } from './people/people.migrations.js';
import { connectionChangesMigrationSet } from './tenancy/connection-changes.migrations.js';
import { workflowRunsMigrationSet } from './workflows/runs/workflow-runs.migrations.js';

/**
 * THE list of the platform's migration sets, applied in this order at every start (each set records what it
 * applied, so a set runs its new migrations only). A new set is one line here; connectors bring their own sets
 * with their definitions, applied after these.
 */
export const PLATFORM_MIGRATION_SETS: readonly MigrationSet[] = [
  platformMigrationSet,
  idempotencyMigrationSet,
  intentMigrationSet,
  peopleMigrationSet,
  agentBudgetMigrationSet,
  workflowRunsMigrationSet,
  connectionChangesMigrationSet,
];
