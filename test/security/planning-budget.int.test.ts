import { QueryPlanner } from '@apollo/query-planner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postGraphQL, startTestApp, type TestApp } from '../support/test-app.js';
import { fragmentBomb } from '../../gateway/src/limits/planning-bomb.test-support.js';
import { burstWithHealthProbe } from './parallel-client.js';

const BUDGET_MS = 500;
// ~0.9 KB; planned in the request thread it held the process for 24 s on this project's build machine.
const BOMB = fragmentBomb({ levels: 8, spreads: 3 });

// Limits opened wide so the fragment bomb reaches the planner: what is left to stop it is the budget.
describe('planning time bounded by GRAPHQL_PLANNING_BUDGET_MS', () => {
  let t: TestApp;
  const inThreadPlanning = vi.spyOn(QueryPlanner.prototype, 'buildQueryPlan');
  const send = (query: string) => postGraphQL(t.app.gatewayUrl, t.key('acme'), query);

  beforeAll(async () => {
    t = await startTestApp({
      env: { GRAPHQL_MAX_DIRECTIVES: '10000', GRAPHQL_MAX_COST: '1000000000', GRAPHQL_PLANNING_BUDGET_MS: String(BUDGET_MS) },
    });
  });
  afterAll(async () => {
    inThreadPlanning.mockRestore();
    await t?.close();
  });

  it('plans ordinary operations off the request thread, once per operation text', async () => {
    const query = '{ contacts(first: 3) { nodes { email deals { title } orders { number } } } }';
    for (let i = 0; i < 3; i++) {
      const response = await send(query);
      expect(response.errors).toBeUndefined();
      expect(response.data).toMatchObject({ contacts: { nodes: expect.any(Array) } });
    }
    expect(inThreadPlanning).not.toHaveBeenCalled();
  });

  it('refuses a fragment bomb at the budget while /health stays under 100 ms', async () => {
    const healthUrl = t.app.gatewayUrl.replace(/\/graphql$/, '/health');
    const report = await burstWithHealthProbe(t.app.gatewayUrl, healthUrl, t.key('acme'), [BOMB]);
    expect(report.results.map((r) => [r.status, ...r.codes])).toEqual([[400, 'QUERY_PLANNING_TIMEOUT']]);
    expect(report.totalMs).toBeGreaterThanOrEqual(BUDGET_MS);
    expect(report.totalMs).toBeLessThan(BUDGET_MS + 1000);
    expect(report.healthMs.length).toBeGreaterThan(3);
    expect(Math.max(...report.healthMs)).toBeLessThan(100);
    expect(inThreadPlanning).not.toHaveBeenCalled();
  });

  it('plans 20 parallel copies of another bomb once, refusing them all together', async () => {
    const healthUrl = t.app.gatewayUrl.replace(/\/graphql$/, '/health');
    const copies = Array.from({ length: 20 }, () => `${BOMB} # another text`);
    const report = await burstWithHealthProbe(t.app.gatewayUrl, healthUrl, t.key('acme'), copies);
    expect(report.results.map((r) => r.status)).toEqual(copies.map(() => 400));
    expect(new Set(report.results.flatMap((r) => r.codes))).toEqual(new Set(['QUERY_PLANNING_TIMEOUT']));
    // One planning for all: planned one after another, 20 overruns would take at least 20 x 500 ms, plus a
    // worker restart each. (The wait for the restart after the previous test's overrun is included here.)
    expect(report.totalMs).toBeLessThan(20 * BUDGET_MS);
    expect(inThreadPlanning).not.toHaveBeenCalled();
  });

  it('refuses the bomb again at once, without planning it', async () => {
    const started = performance.now();
    const response = await send(BOMB);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    expect(response.status).toBe(400);
    expect(response.errors).toEqual([
      { message: `Planning limit of ${BUDGET_MS} ms exceeded.`, extensions: expect.objectContaining({ code: 'QUERY_PLANNING_TIMEOUT', limit: BUDGET_MS }) },
    ]);
  });

  it('keeps serving new operations after the planner was restarted', async () => {
    const response = await send('{ pipelines { id name stages { id } } }');
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data).toMatchObject({ pipelines: expect.any(Array) });
    expect(inThreadPlanning).not.toHaveBeenCalled();
  });
});
