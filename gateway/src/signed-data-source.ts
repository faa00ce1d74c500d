import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { CONTEXT_HEADER, signContextToken, type ContextClaims } from '@bizosaas/subgraph-kit/context-token';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './gateway-server.js';
import { createSubgraphFetcher, SubgraphFetchTimeoutError } from './subgraph.fetcher.js';

/**
 * Carries the caller's claims from `willSendRequest` (which has the context but not the body) to the
 * fetcher (which has the exact body bytes but not the context). Stripped before the request leaves.
 */
const PENDING_CLAIMS_HEADER = 'x-bizosaas-pending-claims';

/** One keep-alive client for every subgraph call of the process (its idle sockets do not hold the process open). */
const subgraphFetcher = createSubgraphFetcher();

type FetcherRequestInit = NonNullable<Parameters<RemoteGraphQLDataSource['fetcher']>[1]>;

export interface SignedDataSourceConfig {
  /** The subgraph's name: the token's audience. */
  readonly name: string;
  readonly url: string;
  readonly signingKey: string;
  readonly ttlSeconds: number;
  /** The whole call (answer and body) must finish within this; a stalled subgraph must not hold the request. */
  readonly timeoutMs: number;
}

/**
 * Signs the caller's identity into every subgraph request; nothing from the client is forwarded. The token
 * is signed in the fetcher, over the exact body sent, for this subgraph only, with a unique id: a captured
 * header cannot be replayed or reused with another body.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: SignedDataSourceConfig) {
    super({ url: config.url, fetcher: subgraphFetcher });
    const send = subgraphFetcher.within(config.timeoutMs);
    this.fetcher = async (url, init) => {
      try {
        return await send(url, signed(init ?? {}, config));
      } catch (error) {
        if (error instanceof SubgraphFetchTimeoutError) throw subgraphTimeout(config);
        throw error;
      }
    };
  }

  override willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource<GatewayContext>['willSendRequest'] & {}>[0]): void {
    if (!('principal' in context) || !context.principal) return;
    const { principal, requestId } = context;
    const claims: ContextClaims = { tenantId: principal.tenantId, userId: principal.userId, roles: principal.roles, requestId };
    request.http?.headers.set(PENDING_CLAIMS_HEADER, JSON.stringify(claims));
    request.http?.headers.set('x-request-id', requestId);
  }

  /**
   * A subgraph answers 400 when variables fail its scalars (Money, DateTime: the gateway cannot check
   * custom scalars). Pass that error on as the subgraph worded it; any other non-2xx answer is a fault
   * between gateway and subgraph, reported as internal without the subgraph's URL or body.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body: unknown = await this.parseBody(response).catch(() => undefined);
    const first = response.status === 400 ? firstGraphQLError(body) : undefined;
    if (first) return new GraphQLError(first.message, { extensions: first.extensions });
    return new GraphQLError(`Subgraph answered HTTP ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', subgraphStatus: response.status } });
  }
}

/** Names the subgraph that did not answer, so the other fields of the answer stay usable and the cause is clear. */
function subgraphTimeout(config: SignedDataSourceConfig): GraphQLError {
  return new GraphQLError(`Subgraph "${config.name}" did not answer within ${config.timeoutMs} ms`, {
    extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: config.name, timeoutMs: config.timeoutMs },
  });
}

function signed(init: FetcherRequestInit, config: SignedDataSourceConfig): FetcherRequestInit {
  const { [PENDING_CLAIMS_HEADER]: pending, ...headers } = init.headers ?? {};
  if (pending === undefined) return { ...init, headers };
  const claims = JSON.parse(pending) as ContextClaims; // written by willSendRequest above, never by a client
  const token = signContextToken(claims, config.signingKey, { ttlSeconds: config.ttlSeconds, body: init.body ?? '', audience: config.name });
  return { ...init, headers: { ...headers, [CONTEXT_HEADER]: token } };
}

function firstGraphQLError(body: unknown): { message: string; extensions: Record<string, unknown> } | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
  const [first]: unknown[] = body.errors;
  if (typeof first !== 'object' || first === null || !('message' in first) || typeof first.message !== 'string') return undefined;
  const extensions = 'extensions' in first && typeof first.extensions === 'object' && first.extensions !== null ? { ...first.extensions } : {};
  return { message: first.message, extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
}
