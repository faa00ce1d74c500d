import { z } from 'zod';

/** Prices in US dollars per million tokens, by model name; `default` prices a model not listed. */
export type ModelPrices = Readonly<Record<string, { readonly inputPerMillion: number; readonly outputPerMillion: number }>>;

/** Agent run limits and model prices (AGENT_*). Money in millionths of a dollar. */
export interface AgentsConfig {
  readonly maxSteps: number;
  readonly maxRunTokens: number;
  readonly maxRunCostMicros: number;
  readonly maxTenantDailyTokens: number;
  readonly maxTenantDailyCostMicros: number;
  readonly maxOutputTokens: number;
  readonly approvalTimeoutMs: number;
  readonly prices: ModelPrices;
  /** Where agent runs send their tool calls (AGENT_GATEWAY_URL); default: this host's gateway. */
  readonly gatewayUrl: string | undefined;
  /** Agent runs one worker executes at once (AGENT_RUN_CONCURRENCY), on the durable engine's `agent-runs` queue. */
  readonly runConcurrency: number;
}

/** Published list prices (USD per 1M tokens) of common models; AGENT_MODEL_PRICES adds or overrides. */
const DEFAULT_PRICES: ModelPrices = {
  'sandbox-1': { inputPerMillion: 0, outputPerMillion: 0 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  default: { inputPerMillion: 2.5, outputPerMillion: 10 },
};

const intIn = (min: number, max: number) =>
  z.string().refine((s) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max, { error: `must be an integer ${min}..${max}` }).transform(Number);

const dollars = z
  .string()
  .refine((s) => /^\d{1,7}(\.\d{1,6})?$/.test(s), { error: 'must be an amount of US dollars such as 2.50' })
  .transform((s) => Math.round(Number(s) * 1_000_000));

const priceSchema = z.record(
  z.string().min(1),
  z.object({ input: z.number().nonnegative().max(10_000), output: z.number().nonnegative().max(10_000) }).strict(),
);

const prices = z.string().transform((s, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"gpt-4o-mini":{"input":0.15,"output":0.6}} (USD per million tokens)' });
    return z.NEVER;
  }
  const result = priceSchema.safeParse(parsed);
  if (!result.success) {
    ctx.addIssue({ code: 'custom', message: 'must map model names to {"input": USD per 1M tokens, "output": USD per 1M tokens}' });
    return z.NEVER;
  }
  return result.data;
});

/** The AGENT_* keys, spread into the one environment schema. */
export const agentEnvShape = {
  AGENT_MAX_STEPS: intIn(1, 500).default(20),
  AGENT_RUN_MAX_TOKENS: intIn(100, 100_000_000).default(200_000),
  AGENT_RUN_MAX_COST_USD: dollars.default(2_000_000),
  AGENT_TENANT_DAILY_MAX_TOKENS: intIn(100, 1_000_000_000).default(2_000_000),
  AGENT_TENANT_DAILY_MAX_COST_USD: dollars.default(20_000_000),
  AGENT_MAX_OUTPUT_TOKENS: intIn(16, 100_000).default(1024),
  AGENT_APPROVAL_TIMEOUT_SECONDS: intIn(10, 30 * 86_400).default(86_400),
  AGENT_MODEL_PRICES: prices.optional(),
  AGENT_RUN_CONCURRENCY: intIn(1, 1000).default(10),
  AGENT_GATEWAY_URL: z.string().refine((s) => /^https?:\/\/[^/\s]+$/.test(s.replace(/\/+$/, '')), { error: 'must be an http(s) origin such as http://gateway:4000' }).optional(),
};

const agentEnvObject = z.object(agentEnvShape);
type AgentEnv = z.output<typeof agentEnvObject>;

export function toAgentsConfig(e: AgentEnv): AgentsConfig {
  const extra = Object.fromEntries(Object.entries(e.AGENT_MODEL_PRICES ?? {}).map(([model, p]) => [model, { inputPerMillion: p.input, outputPerMillion: p.output }]));
  return Object.freeze({
    maxSteps: e.AGENT_MAX_STEPS,
    maxRunTokens: e.AGENT_RUN_MAX_TOKENS,
    maxRunCostMicros: e.AGENT_RUN_MAX_COST_USD,
    maxTenantDailyTokens: e.AGENT_TENANT_DAILY_MAX_TOKENS,
    maxTenantDailyCostMicros: e.AGENT_TENANT_DAILY_MAX_COST_USD,
    maxOutputTokens: e.AGENT_MAX_OUTPUT_TOKENS,
    approvalTimeoutMs: e.AGENT_APPROVAL_TIMEOUT_SECONDS * 1000,
    prices: Object.freeze({ ...DEFAULT_PRICES, ...extra }),
    gatewayUrl: e.AGENT_GATEWAY_URL?.replace(/\/+$/, ''),
    runConcurrency: e.AGENT_RUN_CONCURRENCY,
  });
}
