import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The code of a retryable outage of the platform's own infrastructure (PostgreSQL, Redis). */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error thrown by a gateway dependency (the API-key lookup) is the platform's
 * ServiceUnavailableError; recognised by name, as the gateway knows no domain code.
 */
export function isServiceUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'ServiceUnavailableError';
}

/** The outage as the client sees it: 503, Retry-After, SERVICE_UNAVAILABLE. */
export function serviceUnavailableError(retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): GraphQLError {
  return new GraphQLError(`The service is temporarily unavailable; retry in ${retryAfterSeconds} s.`, {
    extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds, http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });
}

/**
 * Answers HTTP 503 with `Retry-After` when a subgraph reported SERVICE_UNAVAILABLE, so HTTP clients and
 * proxies retry without reading the body (GraphQL-over-HTTP would otherwise say 200).
 */
export function serviceUnavailablePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const outages = (response.body.singleResult.errors ?? []).filter((error) => error.extensions?.code === SERVICE_UNAVAILABLE);
          if (outages.length === 0) return;
          const seconds = Math.max(...outages.map((error) => Number(error.extensions?.retryAfterSeconds) || DEFAULT_RETRY_AFTER_SECONDS));
          response.http.status = 503;
          response.http.headers.set('retry-after', String(seconds));
        },
      };
    },
  };
}
