import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { KitLogger } from './logger.js';

export const INTERNAL_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

export interface ErrorPluginOptions<TContext> {
  /** `gateway` or the subgraph's name, for the logs. */
  readonly service: string;
  readonly logger: KitLogger;
  readonly requestIdOf: (context: TContext) => string | undefined;
  readonly tenantIdOf: (context: TContext) => string | undefined;
  /** Errors raised on purpose (domain, connector, validation); the rest are bugs and get logged. */
  readonly isExpected: (error: GraphQLError) => boolean;
}

/**
 * Logs unexpected errors with the request id and tenant (never the variables: they may hold secrets),
 * and stamps the request id on every error so a user can quote it. Used by the gateway and every subgraph.
 */
export function errorPlugin<TContext extends BaseContext>(options: ErrorPluginOptions<TContext>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (options.isExpected(error)) continue;
            const cause = error.originalError ?? error;
            options.logger.error(
              {
                service: options.service,
                requestId: options.requestIdOf(contextValue),
                tenantId: options.tenantIdOf(contextValue),
                operationName,
                path: error.path,
                err: { message: cause.message, stack: cause.stack },
              },
              'unexpected error while resolving',
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = options.requestIdOf(contextValue);
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => withRequestId(error, requestId));
        },
      };
    },
  };
}

function withRequestId(error: GraphQLFormattedError, requestId: string | undefined): GraphQLFormattedError {
  if (!requestId) return error;
  const internal = error.extensions?.code === INTERNAL_ERROR_CODE;
  return {
    ...error,
    message: internal ? `Internal server error. Quote request id ${requestId} when reporting it.` : error.message,
    extensions: { ...error.extensions, requestId },
  };
}
