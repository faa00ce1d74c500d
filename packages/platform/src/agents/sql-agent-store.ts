import {
  DomainError,
  NotFoundError,
  type AgentDefinition,
  type AgentRun,
  type AgentRunStatus,
  type AgentRunStep,
  type AgentStorePort,
  type NewAgentDefinition,
  type Page,
  type PageRequest,
  type SqlClient,
} from '@bizosaas/domain';
import { randomBase32 } from '../tenancy/random-id.js';
import { agentPositionAfter, assertPageSize, encodeAgentCursor, encodeRunCursor, runSeqAfter, toPage } from './agent-cursor.js';
import { AGENT_COLUMNS, RUN_COLUMNS, TERMINAL_RUN_STATUSES, toAgentRow, toRunRow } from './agent-store.rows.js';
import { validateNewAgent, validateNewRun, validateRunChange } from './agent-store.validation.js';

// Built-ins have no tenant: every tenant sees them, listed before its own agents.
const VISIBLE = '(tenant_id IS NULL OR tenant_id = $1)';
const RANK = 'CASE WHEN built_in THEN 0 ELSE 1 END';
const TERMINAL = TERMINAL_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
// ISO-8601 UTC with milliseconds, so a step's `at` parses the same way on every engine and time zone.
const NOW_ISO = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `AgentStorePort` over the platform database's `agents` and `agent_runs` tables (migration 0005). */
export class SqlAgentStore implements AgentStorePort {
  constructor(private readonly sql: SqlClient) {}

  /** The built-in agents, then the tenant's own, each in creation order. Raises `ValidationError` naming `first` / `after`. */
  async listAgents(tenantId: string, request: PageRequest): Promise<Page<AgentDefinition>> {
    assertPageSize(request);
    const after = agentPositionAfter(request);
    const result = await this.sql.query(
      `SELECT ${AGENT_COLUMNS} FROM agents
       WHERE ${VISIBLE} AND (${RANK}, seq) > ($2::int, $3::bigint)
       ORDER BY ${RANK}, seq LIMIT $4`,
      [tenantId, after.rank, after.seq, request.first + 1],
    );
    const total = await this.sql.query(`SELECT count(*)::int AS total FROM agents WHERE ${VISIBLE}`, [tenantId]);
    const rows = result.rows.map(toAgentRow);
    return toPage(rows, request.first, countOf(total.rows[0]), (r) => encodeAgentCursor({ rank: r.agent.builtIn ? 0 : 1, seq: r.seq }), (r) => r.agent);
  }

  /** One slot per id in request order; null for an unknown id or another tenant's agent. One query. */
  async getAgents(tenantId: string, ids: readonly string[]): Promise<readonly (AgentDefinition | null)[]> {
    if (ids.length === 0) return [];
    const result = await this.sql.query(`SELECT ${AGENT_COLUMNS} FROM agents WHERE ${VISIBLE} AND id = any($2::text[])`, [tenantId, [...ids]]);
    const byId = new Map(result.rows.map(toAgentRow).map((r) => [r.agent.id, r.agent]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Creates a tenant agent with a fresh `agt_` id. Returns it. Raises `ValidationError` naming each bad
   * field, and `DomainError('conflict', 'AGENTS.KEY_TAKEN')` when the tenant or a built-in uses the key.
   */
  async createAgent(tenantId: string, input: NewAgentDefinition): Promise<AgentDefinition> {
    const agent = validateNewAgent(input);
    // A built-in's key is reserved too: one key must name one agent in the tenant's view.
    const result = await this.sql.query(
      `INSERT INTO agents (id, tenant_id, key, name, role, goal, instructions, tools, approval_required_for, built_in)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], false
       WHERE NOT EXISTS (SELECT 1 FROM agents WHERE tenant_id IS NULL AND key = $3)
       ON CONFLICT ((coalesce(tenant_id, '')), key) DO NOTHING
       RETURNING ${AGENT_COLUMNS}`,
      [newAgentId(), tenantId, agent.key, agent.name, agent.role, agent.goal, agent.instructions, agent.tools, agent.approvalRequiredFor],
    );
    const row = result.rows[0];
    if (row === undefined) throw new DomainError('conflict', 'AGENTS.KEY_TAKEN', `An agent with key ${agent.key} already exists`);
    return toAgentRow(row).agent;
  }

  /** The tenant's runs, newest first, optionally of one agent. Raises `ValidationError` naming `first` / `after`. */
  async listRuns(tenantId: string, request: PageRequest, filter: { readonly agentId?: string } = {}): Promise<Page<AgentRun>> {
    assertPageSize(request);
    const after = runSeqAfter(request);
    const agentId = filter.agentId ?? null;
    const result = await this.sql.query(
      `SELECT ${RUN_COLUMNS} FROM agent_runs
       WHERE tenant_id = $1 AND ($2::text IS NULL OR agent_id = $2) AND ($3::bigint IS NULL OR seq < $3::bigint)
       ORDER BY seq DESC LIMIT $4`,
      [tenantId, agentId, after, request.first + 1],
    );
    const total = await this.sql.query(`SELECT count(*)::int AS total FROM agent_runs WHERE tenant_id = $1 AND ($2::text IS NULL OR agent_id = $2)`, [
      tenantId,
      agentId,
    ]);
    return toPage(result.rows.map(toRunRow), request.first, countOf(total.rows[0]), (r) => encodeRunCursor(r.seq), (r) => r.run);
  }

  /** One slot per id in request order; null for an unknown id or another tenant's run. One query. */
  async getRuns(tenantId: string, ids: readonly string[]): Promise<readonly (AgentRun | null)[]> {
    if (ids.length === 0) return [];
    const result = await this.sql.query(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE tenant_id = $1 AND id = any($2::text[])`, [tenantId, [...ids]]);
    const byId = new Map(result.rows.map(toRunRow).map((r) => [r.run.id, r.run]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Records a run of a built-in or the tenant's own agent, in status `queued`, with a fresh `run_` id.
   * Returns it. Raises `ValidationError` naming `agentId` / `input` / `requestedBy`, and
   * `NotFoundError('Agent', id, 'AGENTS')` for an unknown agent or another tenant's.
   */
  async createRun(tenantId: string, input: { readonly agentId: string; readonly input: string; readonly requestedBy: string }): Promise<AgentRun> {
    validateNewRun(input);
    const result = await this.sql.query(
      `INSERT INTO agent_runs (id, tenant_id, agent_id, status, input, requested_by)
       SELECT $1, $2, id, 'queued', $4, $5 FROM agents WHERE id = $3 AND (tenant_id IS NULL OR tenant_id = $2)
       RETURNING ${RUN_COLUMNS}`,
      [newRunId(), tenantId, input.agentId, input.input, input.requestedBy.trim()],
    );
    const row = result.rows[0];
    if (row === undefined) throw new NotFoundError('Agent', input.agentId, 'AGENTS');
    return toRunRow(row).run;
  }

  /**
   * Appends a step (index = the number of steps before it, `at` = now) and/or sets status, output and
   * error, in one statement, so concurrent appends never share an index. Reaching a terminal status
   * stamps `finishedAt` (kept if already set); leaving one clears it. Returns the run. Raises
   * `ValidationError` naming `status` / `step.*`, and `NotFoundError('Run', id, 'AGENTS')` for an unknown
   * run or another tenant's.
   */
  async updateRun(
    tenantId: string,
    runId: string,
    change: { readonly status?: AgentRunStatus; readonly step?: Omit<AgentRunStep, 'index' | 'at'>; readonly output?: string | null; readonly error?: string | null },
  ): Promise<AgentRun> {
    const valid = validateRunChange(change);
    // Right-hand `status` and `steps` are the row's values before this update; PostgreSQL re-reads them
    // after waiting on a concurrent update's row lock, which is what makes the index atomic.
    const result = await this.sql.query(
      `UPDATE agent_runs SET
         steps = CASE WHEN $3::text IS NULL THEN steps
                 ELSE steps || jsonb_build_array($3::text::jsonb || jsonb_build_object('index', jsonb_array_length(steps), 'at', ${NOW_ISO})) END,
         status = coalesce($4::text, status),
         output = CASE WHEN $5::boolean THEN $6::text ELSE output END,
         error = CASE WHEN $7::boolean THEN $8::text ELSE error END,
         finished_at = CASE WHEN coalesce($4::text, status) IN (${TERMINAL}) THEN coalesce(finished_at, now()) ELSE NULL END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2
       RETURNING ${RUN_COLUMNS}`,
      [tenantId, runId, valid.stepJson, valid.status, valid.setOutput, valid.output, valid.setError, valid.error],
    );
    const row = result.rows[0];
    if (row === undefined) throw new NotFoundError('Run', runId, 'AGENTS');
    return toRunRow(row).run;
  }
}

/** A new agent id: `agt_` + 20 random base32 characters. */
export function newAgentId(): string {
  return `agt_${randomBase32(20)}`;
}

/** A new run id: `run_` + 20 random base32 characters. */
export function newRunId(): string {
  return `run_${randomBase32(20)}`;
}

function countOf(row: Record<string, unknown> | undefined): number {
  return typeof row?.total === 'number' ? row.total : 0;
}
