import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlannerBusyError, PlanningFailedError, PlanningTimeoutError, PlanWorker } from './plan-worker.js';
import { fragmentBomb } from './planning-bomb.test-support.js';

const supergraphSdl = readFileSync(new URL('../../../supergraph.graphql', import.meta.url), 'utf8');
/**
 * Planned in full in ~38 s on this project's machine, and the planner never refuses it early. (Not 10
 * levels of 3: the planner gives that one up with "non-local selections exceeds limit" after about a second,
 * a PlanningFailedError that races a 1 s budget.)
 */
const SLOW_BOMB = fragmentBomb({ levels: 9, spreads: 3 });
const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

const supergraph = Supergraph.build(supergraphSdl);
const inThreadPlanner = new QueryPlanner(supergraph);

/** What the gateway's own (in-thread) planner builds, for comparison. */
function planInThread(query: string, operationName?: string) {
  return inThreadPlanner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(query), { operationName }));
}

describe('PlanWorker', () => {
  let worker: PlanWorker;
  beforeAll(async () => {
    // A generous budget: a fresh worker's first plans run cold, slower still on a loaded machine.
    worker = await PlanWorker.start({ supergraphSdl, budgetMs: 5000, logger: silent });
  });
  afterAll(async () => {
    await worker.close();
  });

  it('builds the same plan as an in-thread QueryPlanner over the same supergraph', async () => {
    const query = `query Dashboard($n: Int!) {
      contacts(first: $n) { nodes { email deals { title } orders { number total } } }
      contentItems(first: 5) { nodes { title analytics { pageViews } } }
    }`;
    const plan = await worker.plan(query, 'Dashboard');
    expect(plan).toEqual(planInThread(query, 'Dashboard'));
    expect(JSON.stringify(plan)).toContain('"serviceName":"commerce"');
  });

  it('plans the named operation of a document with several', async () => {
    const query = 'query A { pipelines { id } } query B { contacts(first: 1) { nodes { email } } }';
    expect(await worker.plan(query, 'B')).toEqual(planInThread(query, 'B'));
  });

  it("reports the planner's refusal as PlanningFailedError", async () => {
    await expect(worker.plan('query A { pipelines { id } } query B { pipelines { name } }', undefined)).rejects.toBeInstanceOf(PlanningFailedError);
  });

  it('abandons a plan past its budget, restarts the worker and plans what waits behind it', async () => {
    const budgeted = await PlanWorker.start({ supergraphSdl, budgetMs: 1000, logger: silent });
    try {
      const started = Date.now();
      // Planned in full, this bomb takes ~40 s here (see SLOW_BOMB).
      const slow = budgeted.plan(SLOW_BOMB, undefined);
      const next = budgeted.plan('{ pipelines { id name } }', undefined);
      await expect(slow).rejects.toBeInstanceOf(PlanningTimeoutError);
      expect(Date.now() - started).toBeLessThan(1000 + 1000);
      expect(await next).toEqual(planInThread('{ pipelines { id name } }'));
    } finally {
      await budgeted.close();
    }
  });

  it('refuses work past the queue bound with PlannerBusyError', async () => {
    const small = await PlanWorker.start({ supergraphSdl, budgetMs: 1000, maxQueue: 1, logger: silent });
    try {
      const running = small.plan(SLOW_BOMB, undefined);
      await new Promise((resolve) => setTimeout(resolve, 20)); // let it reach the worker
      const waiting = small.plan('{ pipelines { id } }', undefined);
      await expect(small.plan('{ pipelines { name } }', undefined)).rejects.toBeInstanceOf(PlannerBusyError);
      await expect(running).rejects.toBeInstanceOf(PlanningTimeoutError);
      await expect(waiting).resolves.toMatchObject({ kind: 'QueryPlan' });
    } finally {
      await small.close();
    }
  });

  it('fails to start on a supergraph that does not load', async () => {
    await expect(PlanWorker.start({ supergraphSdl: 'type Query { a: Int }', budgetMs: 100, logger: silent })).rejects.toThrow();
  });

  it('launched without waiting, plans what was sent before its planner was built', async () => {
    const launched = PlanWorker.launch({ supergraphSdl, budgetMs: 5000, logger: silent });
    try {
      const early = launched.plan('{ pipelines { id } }', undefined);
      await launched.whenReady();
      expect(await early).toEqual(planInThread('{ pipelines { id } }'));
    } finally {
      await launched.close();
    }
  });

  it('launched on a supergraph that does not load, reports it from whenReady', async () => {
    const launched = PlanWorker.launch({ supergraphSdl: 'type Query { a: Int }', budgetMs: 100, logger: silent });
    await expect(launched.whenReady()).rejects.toThrow();
    await launched.close();
  });
});
