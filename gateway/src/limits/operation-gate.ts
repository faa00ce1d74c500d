import type { QueryPlanCache } from '@apollo/query-planner';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { GraphQLError, parse, type GraphQLFormattedError, type GraphQLSchema, type ParseOptions } from 'graphql';
import { precheckLimits, type CheckedOperation } from './limits-precheck.js';
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
  /** For the graphql-ws bridge, which parses and validates by itself (its checks count as `ws`). */
  readonly guard: OperationGuard;
  /**
   * The HTTP layer's check of a parsed JSON body against `schema`, before the API key lookup: the refusal
   * to answer (400), or undefined. An operation it passed is not checked again by the plugin.
   */
  precheck(schema: GraphQLSchema | undefined, method: string, body: unknown): GraphQLError | undefined;
  /** Operations checked against the limits so far, by entry point; each operation is checked at one. */
  readonly checks: Readonly<Record<LimitCheckEntry, number>>;
  /** `checks` as Prometheus text, for GET /metrics. */
  metrics(): string;
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

/**
 * Where an operation's limits were checked: `http` the pre-check of a POST body, `plugin` Apollo Server's
 * plugin for what the pre-check did not judge (GET, persisted queries, the hub's per-event queries), `ws`
 * the graphql-ws bridge.
 */
export type LimitCheckEntry = 'http' | 'plugin' | 'ws';

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
  const checks: Record<LimitCheckEntry, number> = { http: 0, plugin: 0, ws: 0 };
  const counted = (entry: LimitCheckEntry): OperationGuard => ({
    limits,
    parse: (query) => guard.parse(query),
    check: (...args) => {
      checks[entry] += 1;
      return guard.check(...args);
    },
  });
  const httpGuard = counted('http');
  const pluginGuard = counted('plugin');
  // Bodies the pre-check passed, until the plugin sees them (Apollo Server hands the same body object on).
  const prechecked = new WeakMap<object, CheckedOperation>();
  const planCache = createPlanCache(PLAN_CACHE_ENTRIES);
  const worker = options.planner ?? PlanWorker.launch({ supergraphSdl: options.supergraphSdl, budgetMs: limits.planningBudgetMs, logger });
  const planning = new PlanningGate(worker, planCache, { budgetMs: limits.planningBudgetMs, logger });
  return {
    guard: counted('ws'),
    precheck: (schema, method, body) => {
      const verdict = precheckLimits(httpGuard, schema, method, body);
      if (!verdict) return undefined;
      if ('refusal' in verdict) return verdict.refusal;
      if (typeof body === 'object' && body !== null) prechecked.set(body, verdict.passed);
      return undefined;
    },
    checks,
    metrics: () => renderChecks(checks),
    planCache,
    parseOptions: { maxTokens: limits.maxTokens },
    plugin: {
      requestDidStart: async () => ({
        didResolveOperation: async ({ schema, document, source, queryHash, request }) => {
          const body: unknown = request.http?.body;
          const passed = typeof body === 'object' && body !== null ? prechecked.get(body) : undefined;
          if (passed) prechecked.delete(body as object);
          if (!passed || !sameOperation(passed, schema, request)) {
            const [refused] = pluginGuard.check(schema, document, request.operationName, request.variables);
            if (refused) throw withHttpStatus(refused, 400);
          }
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

/**
 * Whether Apollo Server is about to run what the pre-check passed: the same text, operation and variables
 * object, against the same schema (a schema update in between means checking again).
 */
function sameOperation(passed: CheckedOperation, schema: GraphQLSchema, request: { query?: string | undefined; operationName?: string | null | undefined; variables?: object | undefined }): boolean {
  return passed.schema === schema && passed.query === request.query && passed.operationName === (request.operationName ?? undefined) && passed.variables === request.variables;
}

function renderChecks(checks: Readonly<Record<LimitCheckEntry, number>>): string {
  const name = 'bizosaas_gateway_operation_limit_checks_total';
  const rows = Object.entries(checks).map(([entry, count]) => `${name}{entry="${entry}"} ${count}\n`);
  return `# HELP ${name} Operations checked against the operation limits, by entry point (each is checked at one).\n# TYPE ${name} counter\n${rows.join('')}`;
}
