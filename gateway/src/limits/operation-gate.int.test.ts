import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startOperationGate } from './operation-gate.js';
import type { OperationLimits } from './operation-limits.js';
import { PlanningFailedError, PlanWorker } from './plan-worker.js';

const supergraphSdl = readFileSync(new URL('../../../supergraph.graphql', import.meta.url), 'utf8');
const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const limits: OperationLimits = { maxDepth: 10, maxAliases: 10, maxRootFields: 10, maxDirectives: 10, maxTokens: 5000, maxCost: 10_000, listSize: 10, planningBudgetMs: 5000 };

// main.ts launches the planner thread before the gateway's modules load and hands it to the gateway.
describe('startOperationGate with a planner launched earlier', () => {
  it('takes the planner over: ready when it is, and closing the gate closes it', async () => {
    const planner = PlanWorker.launch({ supergraphSdl, budgetMs: limits.planningBudgetMs, logger: silent });
    const gate = startOperationGate({ limits, supergraphSdl, logger: silent, planner });
    await gate.ready();
    await expect(planner.plan('{ __typename }', undefined)).resolves.toMatchObject({ kind: 'QueryPlan' });
    await gate.close();
    await expect(planner.plan('{ __typename }', undefined)).rejects.toBeInstanceOf(PlanningFailedError);
  }, 30_000);

  it('refuses a planner launched over another supergraph', async () => {
    const planner = PlanWorker.launch({ supergraphSdl: `${supergraphSdl}\n# changed`, budgetMs: limits.planningBudgetMs, logger: silent });
    try {
      expect(() => startOperationGate({ limits, supergraphSdl, logger: silent, planner })).toThrow(/another supergraph/);
    } finally {
      await planner.close();
    }
  }, 30_000);
});
