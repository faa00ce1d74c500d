import { GraphQLError } from 'graphql';

/** `gid://shopify/<Type>/<n>`. */
export function gid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/** The number in a GID of `type`, or undefined (Shopify answers null for such ids in `nodes`). */
export function parseGid(value: unknown, type?: string): { type: string; id: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  if (!match || (type !== undefined && match[1] !== type)) return undefined;
  return { type: match[1] ?? '', id: Number(match[2]) };
}

interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
  readonly reverse?: boolean | null;
}

/**
 * A Relay connection over `items` (already sorted), as Shopify pages: opaque cursors, `first` of at most
 * 250, and an error for an unreadable cursor. Only forward paging is emulated.
 */
export function connection<T extends { id: number }, V>(items: readonly T[], args: PageArgs, view: (item: T) => V) {
  if (args.last != null || args.before != null) throw new GraphQLError('The emulator pages forward only (first/after)');
  const first = args.first ?? null;
  if (first === null) throw new GraphQLError('you must provide one of first or last');
  if (first < 0 || first > 250) throw new GraphQLError('The first argument must be between 0 and 250');
  const ordered = args.reverse ? [...items].reverse() : items;
  let start = 0;
  if (args.after != null) {
    const afterId = decodeCursor(args.after);
    const index = ordered.findIndex((item) => item.id === afterId);
    start = index + 1;
  }
  const slice = ordered.slice(start, start + first);
  const edges = slice.map((item) => ({ cursor: encodeCursor(item.id), node: view(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: start + first < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id }), 'utf8').toString('base64');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'last_id' in parsed && typeof parsed.last_id === 'number') return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`);
}
