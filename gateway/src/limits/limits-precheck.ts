import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { OperationGuard } from './operation-guard.js';

/**
 * Checks an HTTP GraphQL POST against the limits before Apollo Server sees it: before the API key lookup and
 * before graphql-js's standard validation, which costs tens of milliseconds on a fragment bomb (paid per
 * distinct document, on the thread that answers /health). Returns the refusal (answered 400), or undefined
 * for everything else, syntax errors included, which go on to Apollo Server, whose plugin applies the same
 * guard to what reaches it by other paths.
 */
export function limitsRefusal(guard: OperationGuard, apiSchema: GraphQLSchema | undefined, method: string, body: unknown): GraphQLError | undefined {
  if (method !== 'POST' || !apiSchema || typeof body !== 'object' || body === null || !('query' in body) || typeof body.query !== 'string') return undefined;
  const operationName = 'operationName' in body && typeof body.operationName === 'string' ? body.operationName : undefined;
  const variables = 'variables' in body && typeof body.variables === 'object' && body.variables !== null && !Array.isArray(body.variables) ? body.variables : undefined;
  try {
    return guard.check(apiSchema, guard.parse(body.query), operationName, variablesRecord(variables))[0];
  } catch (error) {
    // The token limit is ours to answer; any other parse error is Apollo Server's to word.
    if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return error;
    return undefined;
  }
}

function variablesRecord(value: object | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : Object.fromEntries(Object.entries(value));
}
