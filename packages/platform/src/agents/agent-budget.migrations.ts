import type { MigrationSet } from '../db/migrate.js';

/**
 * Agent spending (issue 15): a tenant's reserved and used tokens and money per UTC day, and each run's
 * usage. Money in millionths of a US dollar (bigint), never a float. A set of its own. Forward-only.
 */
export const agentBudgetMigrationSet: MigrationSet = {
  name: 'agents:budget',
  migrations: [
    {
      id: '0001_agent_budget',
      sql: `CREATE TABLE agent_budget_days (
        tenant_id text NOT NULL,
        day date NOT NULL,
        tokens bigint NOT NULL DEFAULT 0,
        cost_micros bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day)
      );
      CREATE TABLE agent_run_usage (
        tenant_id text NOT NULL,
        run_id text NOT NULL,
        input_tokens bigint NOT NULL DEFAULT 0,
        output_tokens bigint NOT NULL DEFAULT 0,
        cost_micros bigint NOT NULL DEFAULT 0,
        model_calls int NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, run_id)
      )`,
    },
  ],
};
