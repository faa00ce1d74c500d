export { SqlAgentStore, newAgentId, newRunId } from './sql-agent-store.js';
export { BUILT_IN_AGENTS, ensureBuiltInAgents } from './built-in-agents.js';
export { AGENT_RUN_STATUSES, TERMINAL_RUN_STATUSES, AGENT_RUN_STEP_KINDS } from './agent-store.rows.js';
export { AGENT_KEY } from './agent-store.validation.js';
export { RunCredentials, RUN_CREDENTIAL_PREFIX, type RunPrincipal } from './run-credential.js';
export { SqlAgentBudget, InMemoryAgentBudget } from './sql-agent-budget.js';
export { agentBudgetMigrationSet } from './agent-budget.migrations.js';
