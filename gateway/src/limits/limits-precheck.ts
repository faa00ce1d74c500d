import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { OperationGuard } from './operation-guard.js';

/** What the pre-check judged: the body's operation as Apollo Server will read it, and the schema it was checked against. */
export interface CheckedOperation {
  readonly schema: GraphQLSchema;
  readonly query: string;
  readonly operationName: string | undefined;
  /** The body's own variables object (Apollo Server passes the same object on). */
  readonly variables: object | undefined;
}

/**
 * The pre-check's verdict on a body: refused (answered 400), passed (the Apollo plugin need not check the
 * same operation again), or undefined when it did not judge it (not a POST, no schema yet, no query string,
 * a syntax error Apollo Server words itself): the plugin checks those.
 */
export type PrecheckVerdict = { readonly refusal: GraphQLError } | { readonly passed: CheckedOperation } | undefined;

/**
 * Checks an HTTP GraphQL POST against the limits before Apollo Server sees it: before the API key lookup and
 * before graphql-js's standard validation, which costs tens of milliseconds on a fragment bomb (paid per
 * distinct document, on the thread that answers /health).
 */
export function precheckLimits(guard: OperationGuard, apiSchema: GraphQLSchema | undefined, method: string, body: unknown): PrecheckVerdict {
  if (method !== 'POST' || !apiSchema || typeof body !== 'object' || body === null || !('query' in body) || typeof body.query !== 'string') return undefined;
  const operationName = 'operationName' in body && typeof body.operationName === 'string' ? body.operationName : undefined;
  const variables = 'variables' in body && typeof body.variables === 'object' && body.variables !== null && !Array.isArray(body.variables) ? body.variables : undefined;
  try {
    const [refusal] = guard.check(apiSchema, guard.parse(body.query), operationName, variablesRecord(variables));
    return refusal ? { refusal } : { passed: { schema: apiSchema, query: body.query, operationName, variables } };
  } catch (error) {
    // The token limit is ours to answer; any other parse error is Apollo Server's to word.
    if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return { refusal: error };
    return undefined;
  }
}

function variablesRecord(value: object | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : Object.fromEntries(Object.entries(value));
}
