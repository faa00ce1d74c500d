import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { OperationGuard } from './operation-guard.js';

/**
 * Refuses an HTTP GraphQL POST over a limit before Apollo Server sees it: before the API key lookup and
 * before graphql-js's standard validation, which costs tens of milliseconds on a fragment bomb (paid per
 * distinct document, on the thread that answers /health). Everything else, syntax errors included, goes
 * on to Apollo Server, whose plugin applies the same guard to what reaches it by other paths.
 */
export function limitsPrecheck(guard: OperationGuard, schema: () => GraphQLSchema | undefined): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const apiSchema = schema();
    if (req.method !== 'POST' || !apiSchema || typeof body !== 'object' || body === null || !('query' in body) || typeof body.query !== 'string') {
      next();
      return;
    }
    const operationName = 'operationName' in body && typeof body.operationName === 'string' ? body.operationName : undefined;
    const variables = 'variables' in body && typeof body.variables === 'object' && body.variables !== null && !Array.isArray(body.variables) ? body.variables : undefined;
    let refused: GraphQLError | undefined;
    try {
      [refused] = guard.check(apiSchema, guard.parse(body.query), operationName, variablesRecord(variables));
    } catch (error) {
      // The token limit is ours to answer; any other parse error is Apollo Server's to word.
      if (error instanceof GraphQLError && typeof error.extensions.code === 'string') refused = error;
    }
    if (!refused) {
      next();
      return;
    }
    res.status(400).json({ errors: [{ message: refused.message, extensions: { ...refused.extensions, requestId: String(res.locals.requestId) } }] });
  };
}

function variablesRecord(value: object | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : Object.fromEntries(Object.entries(value));
}
