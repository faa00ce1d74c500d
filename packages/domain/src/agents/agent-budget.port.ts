/** Tokens and money (in millionths of a US dollar, so no float ever holds money). */
export interface AgentSpend {
  readonly tokens: number;
  readonly costMicros: number;
}

/** What a run has used so far, recorded after each model call. */
export interface AgentRunUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicros: number;
  readonly modelCalls: number;
}

/**
 * Spending of agent runs (platform database): a tenant's daily budget is reserved before each model call
 * and settled with what the call used; each run's usage is recorded. Every method takes the tenant id
 * from the verified context.
 */
export interface AgentBudgetPort {
  /**
   * Reserves `amount` on the tenant's `day` (YYYY-MM-DD, UTC) unless the day's reservations would then
   * pass `limit`; answers whether it did. Atomic: concurrent runs cannot overspend together.
   */
  reserve(tenantId: string, day: string, amount: AgentSpend, limit: AgentSpend): Promise<boolean>;
  /** Replaces a reservation by what was used (releases the rest). */
  settle(tenantId: string, day: string, reserved: AgentSpend, used: AgentSpend): Promise<void>;
  /** Adds one model call's usage to the run's totals; answers the new totals. */
  addRunUsage(tenantId: string, runId: string, usage: AgentRunUsage): Promise<AgentRunUsage>;
  /** The run's totals (zeros for a run without model calls). */
  runUsage(tenantId: string, runId: string): Promise<AgentRunUsage>;
}
