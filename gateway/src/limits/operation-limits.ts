import { GraphQLError } from 'graphql';

/**
 * What every operation must meet before the gateway plans it, and how long planning may take. Values come
 * from the platform config (GRAPHQL_MAX_*, GRAPHQL_PLANNING_BUDGET_MS); the gateway holds no defaults of
 * its own so the numbers live in one place.
 */
export interface OperationLimits {
  /** Deepest field nesting, leaves counted (`{ a { b } }` is 2); fragments add no level. */
  readonly maxDepth: number;
  readonly maxAliases: number;
  /** Top-level fields of one operation, fragments followed. */
  readonly maxRootFields: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the whole document; parsing stops past it. */
  readonly maxTokens: number;
  /** Estimated cost (see `estimateOperationCost`). */
  readonly maxCost: number;
  /** Size assumed for a list field without a `first`/`last` argument. */
  readonly listSize: number;
  readonly planningBudgetMs: number;
}

/**
 * One `extensions.code` per limit, so a client (and a log search) can tell which limit refused an
 * operation. `QUERY_TOO_DEEP` keeps the code the gateway used before these limits were gathered here.
 */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  rootFields: 'TOO_MANY_ROOT_FIELDS',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: 'QUERY_TOO_COSTLY',
  planningTimeout: 'QUERY_PLANNING_TIMEOUT',
  plannerBusy: 'QUERY_PLANNER_BUSY',
  planningFailed: 'QUERY_PLANNING_FAILED',
} as const;

export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

/**
 * The error for an operation refused by a limit: the message says which limit and its value, the
 * extensions carry the code and the limit for programs. No HTTP status here: the WebSocket path sends
 * extensions as they are, so the HTTP side adds its status when it throws.
 */
export function limitError(code: LimitCode, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit } });
}
