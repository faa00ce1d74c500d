import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { catchError, map, throwError } from 'rxjs';
import { createClient, type Client } from 'graphql-ws';
import { authHeaders, storedApiKey } from './auth/session';
import { createPortalCache } from './cache';

/** The graphql-ws URL on the page's own origin: the session cookie goes with the upgrade (same Origin). */
export function graphqlWsUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** graphql-ws client: an API key goes in connection_init; a session rides on the cookie of the upgrade. */
export function createWsClient(options: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: graphqlWsUrl(),
    lazy: true,
    retryAttempts: options.retryAttempts ?? 20,
    connectionParams: () => {
      const key = storedApiKey();
      return key ? { authorization: `Bearer ${key}` } : {};
    },
  });
}

/**
 * Each HTTP operation carries a fresh X-Request-Id (the gateway keeps a safe one), so an error on screen
 * names the request the server logged even when the error itself has none.
 */
const requestIdLink = new ApolloLink((operation, forward) => {
  const requestId = crypto.randomUUID();
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
    requestId,
    headers: { ...headers, ...authHeaders(), 'x-request-id': requestId },
  }));
  return forward(operation).pipe(
    map((result) => (result.errors ? { ...result, errors: result.errors.map((error) => ({ ...error, extensions: { requestId, ...error.extensions } })) } : result)),
    catchError((error: unknown) => {
      if (error instanceof Error) Object.assign(error, { requestId });
      return throwError(() => error);
    }),
  );
});

const isSubscription = ({ query }: ApolloLink.Operation) => {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === OperationTypeNode.SUBSCRIPTION;
};

export function createPortalClient(ws: Client = createWsClient()): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  return new ApolloClient({
    cache: createPortalCache(),
    link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), ApolloLink.from([requestIdLink, http])),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
