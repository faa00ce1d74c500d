import { ConnectorError, ValidationError, type PageRequest } from '@bizosaas/domain';

/** A Relay connection as the Admin API answers it. */
export interface ShopifyConnection<R> {
  readonly edges: readonly { readonly cursor: string; readonly node: R }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/**
 * One page of `request.first` items read in queries of at most `perQuery` (the query-cost ceiling can
 * allow fewer records per query than a caller asks for). Shopify's cursors are per edge, so the page ends
 * on the cursor of its last item and the next page continues exactly there.
 */
export async function pageInChunks<R>(
  request: PageRequest,
  perQuery: number,
  fetch: (first: number, after: string | null) => Promise<ShopifyConnection<R>>,
): Promise<{ edges: { cursor: string; node: R }[]; hasNextPage: boolean }> {
  const edges: { cursor: string; node: R }[] = [];
  let after = request.after ?? null;
  let hasNextPage = true;
  // Bounded: each round adds at least one edge or stops.
  while (edges.length < request.first && hasNextPage) {
    const connection = await fetch(Math.min(perQuery, request.first - edges.length), after).catch((error: unknown) => {
      // Shopify refuses a cursor it did not hand out ("Invalid cursor ..."): the caller's input, not Shopify's fault.
      if (error instanceof ConnectorError && error.code === 'invalid_response' && /invalid cursor/i.test(error.message)) {
        throw new ValidationError([{ field: 'after', reason: 'is not a cursor this list handed out' }]);
      }
      throw error;
    });
    edges.push(...connection.edges);
    hasNextPage = connection.pageInfo.hasNextPage && connection.edges.length > 0;
    after = connection.edges[connection.edges.length - 1]?.cursor ?? after;
  }
  return { edges, hasNextPage };
}
