import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './config.js';

function reasons(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.issues.map((i) => [i.key, i.reason]));
    throw error;
  }
  return {};
}

describe('AGENT_* configuration', () => {
  it('has limits and list prices by default, money in millionths of a dollar', () => {
    const agents = loadConfig({}).agents;
    expect(agents).toMatchObject({ maxSteps: 20, maxTenantDailyTokens: 2_000_000, maxTenantDailyCostMicros: 20_000_000, maxOutputTokens: 1024, gatewayUrl: undefined });
    expect(agents.prices['gpt-4o-mini']).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(agents.prices.default).toBeDefined();
  });

  it('takes dollars, prices as JSON over the defaults, and a gateway origin', () => {
    const agents = loadConfig({ AGENT_RUN_MAX_COST_USD: '0.25', AGENT_MODEL_PRICES: '{"my-model":{"input":1,"output":2}}', AGENT_GATEWAY_URL: 'http://gateway:4000/' }).agents;
    expect(agents.maxRunCostMicros).toBe(250_000);
    expect(agents.prices['my-model']).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
    expect(agents.prices['gpt-4o-mini']).toBeDefined();
    expect(agents.gatewayUrl).toBe('http://gateway:4000');
  });

  it('names every bad key with its reason', () => {
    expect(reasons({ AGENT_MAX_STEPS: '0', AGENT_RUN_MAX_COST_USD: 'lots', AGENT_MODEL_PRICES: '{"m":{"input":"cheap"}}', AGENT_GATEWAY_URL: 'gateway' })).toEqual({
      AGENT_MAX_STEPS: 'must be an integer 1..500 (got "0")',
      AGENT_RUN_MAX_COST_USD: 'must be an amount of US dollars such as 2.50 (got "lots")',
      AGENT_MODEL_PRICES: 'must map model names to {"input": USD per 1M tokens, "output": USD per 1M tokens} (got "{\\"m\\":{\\"input\\":\\"cheap\\"}}")',
      AGENT_GATEWAY_URL: 'must be an http(s) origin such as http://gateway:4000 (got "gateway")',
    });
    expect(reasons({ AGENT_MODEL_PRICES: 'not json' }).AGENT_MODEL_PRICES).toMatch(/must be JSON/);
  });
});
