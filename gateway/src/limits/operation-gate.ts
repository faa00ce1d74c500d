import type { QueryPlanCache } from '@apollo/query-planner';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { GraphQLError, parse, type GraphQLFormattedError, type GraphQLSchema, type ParseOptions } from 'graphql';
import { createOperationGuard, withTokenLimitCode, type OperationGuard } from './operation-guard.js';
import { LIMIT_CODES, type OperationLimits } from './operation-limits.js';
import { createPlanCache } from './plan-cache.js';
import { PlanWorker } from './plan-worker.js';
import { PlanningGate } from './planning-gate.js';

/**
 * Everything the gateway wires in to refuse costly operations before they are planned, and to plan the
 * rest off the request thread within a time budget.
 */
export interface OperationGate {
  /** For the graphql-ws bridge, which parses and validates by itself. */
  readonly guard: OperationGuard;
  /** ApolloGateway's `queryPlannerConfig.cache`. */
  readonly planCache: QueryPlanCache;
  /** Apollo Server's `parseOptions`: the token limit. */
  readonly parseOptions: ParseOptions;
  /** Apollo Server plugin: checks the limits, then plans in the worker, before execution starts. */
  readonly plugin: ApolloServerPlugin<BaseContext>;
  /**
   * Call when the API schema loads: graphql-js validates a schema the first time an operation is checked
   * against it, tens of milliseconds that would otherwise fall on the first request.
   */
  warm(schema: GraphQLSchema): void;
  /** Resolves once the planner worker is ready. @throws Error when it cannot start. */
  ready(): Promise<void>;
  /** Apply first in Apollo Server's `formatError`: gives the token-limit parse error its code. */
  formatError(formatted: GraphQLFormattedError): GraphQLFormattedError;
  close(): Promise<void>;
}

/** Plans kept per gateway process; each is a few KB. */
const PLAN_CACHE_ENTRIES = 2000;

/**
 * Launches the planner worker over `supergraphSdl` (or takes over `planner`, launched earlier over the same
 * SDL) and builds the gate at once; the worker gets ready on another thread meanwhile (`ready()`), and
 * operations that arrive before wait for it.
 * @throws Error when `planner` plans over another supergraph.
 */
export function startOperationGate(options: { limits: OperationLimits; supergraphSdl: string; logger: KitLogger; planner?: PlanWorker | undefined }): OperationGate {
  const { limits, logger } = options;
  if (options.planner && options.planner.supergraphSdl !== options.supergraphSdl) {
    throw new Error('The query planner launched before the gateway plans over another supergraph than the gateway serves');
  }
  const guard = createOperationGuard(limits);
  const planCache = createPlanCache(PLAN_CACHE_ENTRIES);
  const worker = options.planner ?? PlanWorker.launch({ supergraphSdl: options.supergraphSdl, budgetMs: limits.planningBudgetMs, logger });
  const planning = new PlanningGate(worker, planCache, { budgetMs: limits.planningBudgetMs, logger });
  return {
    guard,
    planCache,
    parseOptions: { maxTokens: limits.maxTokens },
    plugin: {
      requestDidStart: async () => ({
        didResolveOperation: async ({ schema, document, source, queryHash, request }) => {
          const [refused] = guard.check(schema, document, request.operationName, request.variables);
          if (refused) throw withHttpStatus(refused, 400);
          try {
            await planning.ensurePlanned({ queryHash, operationName: request.operationName, query: source });
          } catch (error) {
            if (!(error instanceof GraphQLError)) throw error;
            throw withHttpStatus(error, error.extensions.code === LIMIT_CODES.plannerBusy ? 503 : 400);
          }
        },
      }),
    },
    warm: (schema) => {
      guard.check(schema, parse('{ __typename }'), undefined, {});
    },
    ready: () => worker.whenReady(),
    formatError: (formatted) => withTokenLimitCode(formatted, limits.maxTokens),
    close: () => worker.close(),
  };
}

/** The same error with the HTTP status Apollo Server should answer with (it strips `http` from the body). */
function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  const headers = new HeaderMap(status === 503 ? [['retry-after', '1']] : []);
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, http: { status, headers } } });
}
