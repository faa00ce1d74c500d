import type { QueryPlan, QueryPlanCache } from '@apollo/query-planner';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import { LIMIT_CODES, limitError } from './operation-limits.js';
import { BoundedMap } from './plan-cache.js';
import { PlannerBusyError, PlanningTimeoutError } from './plan-worker.js';

/** What the gate needs of the planner: PlanWorker, or anything that plans off the request thread. */
export interface OffThreadPlanner {
  plan(query: string, operationName: string | null | undefined): Promise<QueryPlan>;
}

/** One request, as Apollo Server describes it once the operation is resolved. */
export interface PlanRequest {
  /** SHA-256 of the operation text, as Apollo Server computes it. */
  readonly queryHash: string;
  readonly operationName: string | null | undefined;
  readonly query: string;
}

/**
 * How long an operation that overran the budget is refused without planning it again. Short, because an
 * ordinary operation can overrun on a cold or overloaded planner; long enough that a bomb costs the
 * planner one budget a minute at most.
 */
export const REFUSAL_TTL_MS = 60_000;

/**
 * Makes sure the gateway finds a plan in its cache before it executes, planning off the request thread
 * when it does not. Concurrent requests for the same operation share one planning; an operation that
 * overran the budget is refused at once for REFUSAL_TTL_MS instead of occupying the planner again.
 */
export class PlanningGate {
  private readonly inFlight = new Map<string, Promise<QueryPlan>>();
  private readonly refused: BoundedMap<true>;

  constructor(
    private readonly planner: OffThreadPlanner,
    private readonly cache: QueryPlanCache,
    private readonly options: { readonly budgetMs: number; readonly logger: KitLogger; readonly maxRefused?: number; readonly now?: () => number },
  ) {
    this.refused = new BoundedMap<true>(options.maxRefused ?? 1000, REFUSAL_TTL_MS, options.now);
  }

  /**
   * Resolves once the plan of `request` is in the cache.
   * @throws GraphQLError QUERY_PLANNING_TIMEOUT (over budget, now or recently), QUERY_PLANNER_BUSY (too
   *   many waiting), QUERY_PLANNING_FAILED (the planner refused the operation).
   */
  async ensurePlanned(request: PlanRequest): Promise<void> {
    const key = planStoreKey(request.queryHash, request.operationName);
    if (await this.cache.get(key)) return;
    if (this.refused.get(key)) throw this.timeoutError();
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.planner.plan(request.query, request.operationName).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    let plan: QueryPlan;
    try {
      plan = await pending;
    } catch (error) {
      throw this.refusal(key, error);
    }
    await this.cache.set(key, plan);
  }

  private refusal(key: string, error: unknown): GraphQLError {
    if (error instanceof PlanningTimeoutError) {
      this.refused.set(key, true);
      return this.timeoutError();
    }
    if (error instanceof PlannerBusyError) {
      return new GraphQLError('Too many operations are waiting to be planned; retry shortly.', { extensions: { code: LIMIT_CODES.plannerBusy } });
    }
    // The planner's own words may name schema internals: they go to the log, not to the client.
    this.options.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'query planning failed');
    return new GraphQLError('This operation could not be planned.', { extensions: { code: LIMIT_CODES.planningFailed } });
  }

  private timeoutError(): GraphQLError {
    return limitError(LIMIT_CODES.planningTimeout, `Planning limit of ${this.options.budgetMs} ms exceeded.`, this.options.budgetMs);
  }
}

/**
 * The key ApolloGateway stores a plan under (gateway-js `executor`): the query hash, hashed again with the
 * operation name when there is one. It must match exactly, or the gateway would plan on its own thread.
 */
export function planStoreKey(queryHash: string, operationName: string | null | undefined): string {
  return operationName ? createHash('sha256').update(queryHash).update(operationName).digest('hex') : queryHash;
}
