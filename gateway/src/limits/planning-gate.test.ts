import type { QueryPlan } from '@apollo/query-planner';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPlanCache } from './plan-cache.js';
import { PlannerBusyError, PlanningFailedError, PlanningTimeoutError } from './plan-worker.js';
import { planStoreKey, PlanningGate, REFUSAL_TTL_MS, type OffThreadPlanner } from './planning-gate.js';

const PLAN: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Fetch', serviceName: 'crm', operation: '{ pipelines { id } }', operationName: undefined, operationKind: OperationTypeNode.QUERY } };

/** A planner whose answers the test decides, counting what it was asked. */
function scriptedPlanner(answer: (query: string) => Promise<QueryPlan>): OffThreadPlanner & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    plan: (query) => {
      asked.push(query);
      return answer(query);
    },
  };
}

const logs: unknown[] = [];
const logger = { info: () => {}, warn: (...args: unknown[]) => void logs.push(args), error: () => {}, debug: () => {} };
const request = (query: string, operationName?: string) => ({ queryHash: createHash('sha256').update(query).digest('hex'), operationName, query });

async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof GraphQLError)) throw new Error(`expected a GraphQLError, got ${String(error)}`);
  return error;
}

describe('planStoreKey', () => {
  it("matches ApolloGateway's key: the query hash, re-hashed with the operation name when there is one", () => {
    expect(planStoreKey('abc', undefined)).toBe('abc');
    expect(planStoreKey('abc', null)).toBe('abc');
    expect(planStoreKey('abc', 'Op')).toBe(createHash('sha256').update('abc').update('Op').digest('hex'));
  });
});

describe('PlanningGate', () => {
  it('plans a new operation once and stores the plan where the gateway looks for it', async () => {
    const planner = scriptedPlanner(async () => PLAN);
    const cache = createPlanCache(10);
    const gate = new PlanningGate(planner, cache, { budgetMs: 100, logger });
    const named = request('query Op { pipelines { id } }', 'Op');
    await gate.ensurePlanned(named);
    await gate.ensurePlanned(named);
    expect(planner.asked).toEqual([named.query]);
    expect(await cache.get(planStoreKey(named.queryHash, 'Op'))).toEqual(PLAN);
  });

  it('shares one planning among concurrent requests for the same operation', async () => {
    let release: (plan: QueryPlan) => void = () => {};
    const planner = scriptedPlanner(() => new Promise<QueryPlan>((resolve) => (release = resolve)));
    const gate = new PlanningGate(planner, createPlanCache(10), { budgetMs: 100, logger });
    const waiting = Array.from({ length: 5 }, () => gate.ensurePlanned(request('{ pipelines { id } }')));
    await expect.poll(() => planner.asked.length).toBe(1);
    release(PLAN);
    await Promise.all(waiting);
    expect(planner.asked).toHaveLength(1);
  });

  it('refuses an overrun with QUERY_PLANNING_TIMEOUT, and the same operation again without planning it, until the refusal expires', async () => {
    let now = 0;
    const planner = scriptedPlanner(async () => {
      throw new PlanningTimeoutError('slow');
    });
    const cache = createPlanCache(10);
    const gate = new PlanningGate(planner, cache, { budgetMs: 250, logger, now: () => now });
    const slow = request('{ slow }');
    const first = await refusal(gate.ensurePlanned(slow));
    expect(first.message).toBe('Planning limit of 250 ms exceeded.');
    expect(first.extensions).toEqual({ code: 'QUERY_PLANNING_TIMEOUT', limit: 250 });
    expect((await refusal(gate.ensurePlanned(slow))).extensions.code).toBe('QUERY_PLANNING_TIMEOUT');
    expect(planner.asked).toHaveLength(1);
    now += REFUSAL_TTL_MS;
    await refusal(gate.ensurePlanned(slow));
    expect(planner.asked).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('answers QUERY_PLANNER_BUSY when the planner queue is full, and tries again next time', async () => {
    let busy = true;
    const planner = scriptedPlanner(async () => {
      if (busy) throw new PlannerBusyError('full');
      return PLAN;
    });
    const gate = new PlanningGate(planner, createPlanCache(10), { budgetMs: 100, logger });
    expect((await refusal(gate.ensurePlanned(request('{ a }')))).extensions.code).toBe('QUERY_PLANNER_BUSY');
    busy = false;
    await expect(gate.ensurePlanned(request('{ a }'))).resolves.toBeUndefined();
  });

  it("answers QUERY_PLANNING_FAILED without the planner's own words, which go to the log", async () => {
    const planner = scriptedPlanner(async () => {
      throw new PlanningFailedError('Cannot query field "secretInternal" on type "join__Graph"');
    });
    const gate = new PlanningGate(planner, createPlanCache(10), { budgetMs: 100, logger });
    const error = await refusal(gate.ensurePlanned(request('{ b }')));
    expect(error.message).toBe('This operation could not be planned.');
    expect(error.extensions).toEqual({ code: 'QUERY_PLANNING_FAILED' });
    expect(JSON.stringify(logs)).toContain('secretInternal');
  });
});
