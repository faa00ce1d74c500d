import type { Page } from '@bizosaas/domain';

/** A Relay connection built from a port's page (forward pagination only). */
export interface Connection<T> {
  edges: { node: T; cursor: string | null }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

export function toConnection<T>(page: Page<T>): Connection<T> {
  return {
    edges: page.items.map((item) => ({ node: item.node, cursor: item.cursor })),
    nodes: page.items.map((item) => item.node),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: page.items[0]?.cursor ?? null, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
