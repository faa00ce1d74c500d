import type { AgentBudgetPort, AgentRunUsage, AgentSpend, SqlClient } from '@bizosaas/domain';

function num(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
}

function toUsage(row: Record<string, unknown> | undefined): AgentRunUsage {
  return { inputTokens: num(row?.input_tokens), outputTokens: num(row?.output_tokens), costMicros: num(row?.cost_micros), modelCalls: num(row?.model_calls) };
}

/** `AgentBudgetPort` over `agent_budget_days` and `agent_run_usage` (set `agents:budget`). */
export class SqlAgentBudget implements AgentBudgetPort {
  constructor(private readonly sql: SqlClient) {}

  /** One conditional upsert: the row is written only when the day stays within the limit. */
  async reserve(tenantId: string, day: string, amount: AgentSpend, limit: AgentSpend): Promise<boolean> {
    if (amount.tokens > limit.tokens || amount.costMicros > limit.costMicros) return false;
    const result = await this.sql.query(
      `INSERT INTO agent_budget_days (tenant_id, day, tokens, cost_micros) VALUES ($1, $2::date, $3, $4)
       ON CONFLICT (tenant_id, day) DO UPDATE SET tokens = agent_budget_days.tokens + EXCLUDED.tokens, cost_micros = agent_budget_days.cost_micros + EXCLUDED.cost_micros
       WHERE agent_budget_days.tokens + EXCLUDED.tokens <= $5 AND agent_budget_days.cost_micros + EXCLUDED.cost_micros <= $6
       RETURNING tokens`,
      [tenantId, day, amount.tokens, amount.costMicros, limit.tokens, limit.costMicros],
    );
    return result.rows.length > 0;
  }

  async settle(tenantId: string, day: string, reserved: AgentSpend, used: AgentSpend): Promise<void> {
    await this.sql.query(
      `UPDATE agent_budget_days SET tokens = greatest(0, tokens - $3 + $5), cost_micros = greatest(0, cost_micros - $4 + $6) WHERE tenant_id = $1 AND day = $2::date`,
      [tenantId, day, reserved.tokens, reserved.costMicros, used.tokens, used.costMicros],
    );
  }

  async addRunUsage(tenantId: string, runId: string, usage: AgentRunUsage): Promise<AgentRunUsage> {
    const result = await this.sql.query(
      `INSERT INTO agent_run_usage (tenant_id, run_id, input_tokens, output_tokens, cost_micros, model_calls) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, run_id) DO UPDATE SET input_tokens = agent_run_usage.input_tokens + EXCLUDED.input_tokens,
         output_tokens = agent_run_usage.output_tokens + EXCLUDED.output_tokens, cost_micros = agent_run_usage.cost_micros + EXCLUDED.cost_micros,
         model_calls = agent_run_usage.model_calls + EXCLUDED.model_calls
       RETURNING input_tokens, output_tokens, cost_micros, model_calls`,
      [tenantId, runId, usage.inputTokens, usage.outputTokens, usage.costMicros, usage.modelCalls],
    );
    return toUsage(result.rows[0]);
  }

  async runUsage(tenantId: string, runId: string): Promise<AgentRunUsage> {
    const result = await this.sql.query(`SELECT input_tokens, output_tokens, cost_micros, model_calls FROM agent_run_usage WHERE tenant_id = $1 AND run_id = $2`, [tenantId, runId]);
    return toUsage(result.rows[0]);
  }
}

/** The same in memory, for tests and tools that run without a database. */
export class InMemoryAgentBudget implements AgentBudgetPort {
  readonly days = new Map<string, AgentSpend>();
  private readonly runs = new Map<string, AgentRunUsage>();

  async reserve(tenantId: string, day: string, amount: AgentSpend, limit: AgentSpend): Promise<boolean> {
    const key = `${tenantId}/${day}`;
    const now = this.days.get(key) ?? { tokens: 0, costMicros: 0 };
    const next = { tokens: now.tokens + amount.tokens, costMicros: now.costMicros + amount.costMicros };
    if (next.tokens > limit.tokens || next.costMicros > limit.costMicros) return false;
    this.days.set(key, next);
    return true;
  }

  async settle(tenantId: string, day: string, reserved: AgentSpend, used: AgentSpend): Promise<void> {
    const key = `${tenantId}/${day}`;
    const now = this.days.get(key) ?? { tokens: 0, costMicros: 0 };
    this.days.set(key, { tokens: Math.max(0, now.tokens - reserved.tokens + used.tokens), costMicros: Math.max(0, now.costMicros - reserved.costMicros + used.costMicros) });
  }

  async addRunUsage(tenantId: string, runId: string, usage: AgentRunUsage): Promise<AgentRunUsage> {
    const now = await this.runUsage(tenantId, runId);
    const next = { inputTokens: now.inputTokens + usage.inputTokens, outputTokens: now.outputTokens + usage.outputTokens, costMicros: now.costMicros + usage.costMicros, modelCalls: now.modelCalls + usage.modelCalls };
    this.runs.set(`${tenantId}/${runId}`, next);
    return next;
  }

  async runUsage(tenantId: string, runId: string): Promise<AgentRunUsage> {
    return this.runs.get(`${tenantId}/${runId}`) ?? { inputTokens: 0, outputTokens: 0, costMicros: 0, modelCalls: 0 };
  }
}
