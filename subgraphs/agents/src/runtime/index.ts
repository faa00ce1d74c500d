export { agentRunWorkflow, AGENT_RUN_QUEUE, AGENT_RUN_WORKFLOW, AgentRunExecution, type AgentRunOutcome } from './agent-run.workflow.js';
export { EngineAgentRunner, type AgentRunner } from './agent-runner.js';
export { AgentRunUpdates } from './agent-run-updates.js';
export { argumentsHash, canonicalJson, MAX_IDENTICAL_CALLS } from './agent-run.guards.js';
export type { AgentRunInput, AgentRunLimits, AgentRunUpdate, AgentRuntimeDeps, ApprovalDecision, ModelPrice, ToolExecutor } from './agent-run.types.js';
