import type { AgentDefinition, AgentRun, AgentRunStatus, AgentRunStep } from '@bizosaas/domain';
import { z } from 'zod';

export const AGENT_RUN_STATUSES = ['queued', 'running', 'waiting_for_approval', 'succeeded', 'failed', 'cancelled'] as const satisfies readonly AgentRunStatus[];
/** Statuses a run does not leave on its own; reaching one stamps `finishedAt`. */
export const TERMINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly AgentRunStatus[];
export const AGENT_RUN_STEP_KINDS = ['plan', 'tool_call', 'tool_result', 'message'] as const satisfies readonly AgentRunStep['kind'][];

/** The columns every agent query selects; `seq` as text because the engines read int8 differently. */
export const AGENT_COLUMNS = `id, tenant_id, key, name, role, goal, instructions, tools, approval_required_for, built_in,
  created_at, updated_at, seq::text AS seq`;

/** The columns every run query selects. */
export const RUN_COLUMNS = `id, tenant_id, agent_id, status, input, steps, output, error, requested_by,
  created_at, updated_at, finished_at, seq::text AS seq`;

const agentRow = z.object({
  id: z.string(),
  tenant_id: z.string().nullable(),
  key: z.string(),
  name: z.string(),
  role: z.string(),
  goal: z.string(),
  instructions: z.string(),
  tools: z.array(z.string()),
  approval_required_for: z.array(z.string()),
  built_in: z.boolean(),
  created_at: z.date(),
  updated_at: z.date(),
  seq: z.string(),
});

// Steps are written by `updateRun` only; `at` is an ISO-8601 UTC string built in SQL.
const stepJson = z.object({
  index: z.number().int(),
  kind: z.enum(AGENT_RUN_STEP_KINDS),
  tool: z.string().nullable(),
  detail: z.unknown(),
  at: z.string().transform((text, ctx) => {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) ctx.addIssue({ code: 'custom', message: 'not a timestamp' });
    return at;
  }),
});

const runRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  agent_id: z.string(),
  status: z.enum(AGENT_RUN_STATUSES),
  input: z.string(),
  steps: z.array(stepJson),
  output: z.string().nullable(),
  error: z.string().nullable(),
  requested_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
  finished_at: z.date().nullable(),
  seq: z.string(),
});

/** An agent row with its list position. A row of another shape raises (schema drift, not user input). */
export function toAgentRow(row: Record<string, unknown>): { agent: AgentDefinition; seq: string } {
  const r = agentRow.parse(row);
  return {
    seq: r.seq,
    agent: {
      id: r.id,
      key: r.key,
      name: r.name,
      role: r.role,
      goal: r.goal,
      instructions: r.instructions,
      tools: r.tools,
      approvalRequiredFor: r.approval_required_for,
      builtIn: r.built_in,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    },
  };
}

/** A run row with its list position. A row of another shape raises (schema drift, not user input). */
export function toRunRow(row: Record<string, unknown>): { run: AgentRun; seq: string } {
  const r = runRow.parse(row);
  return {
    seq: r.seq,
    run: {
      id: r.id,
      agentId: r.agent_id,
      status: r.status,
      input: r.input,
      steps: r.steps.map((s) => ({ index: s.index, kind: s.kind, tool: s.tool, detail: s.detail ?? null, at: s.at })),
      output: r.output,
      error: r.error,
      requestedBy: r.requested_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      finishedAt: r.finished_at,
    },
  };
}
