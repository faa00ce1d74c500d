import { getDirectiveValues, type GraphQLResolveInfo } from 'graphql';
import { connection, parseGid } from './shopify-emulator.paging.js';
import type { ShopifyStore, StoredOrder } from './shopify-emulator.store.js';
import { ShopifyViews } from './shopify-emulator.views.js';
import { createOrder, setQuantities } from './shopify-emulator.mutations.js';

type Args = Record<string, unknown>;
const pageArgs = (args: Args) => ({
  first: typeof args.first === 'number' ? args.first : null,
  after: typeof args.after === 'string' ? args.after : null,
  last: typeof args.last === 'number' ? args.last : null,
  before: typeof args.before === 'string' ? args.before : null,
  reverse: args.reverse === true,
});

/** The sort keys the emulator implements; the others answer an error rather than a silently wrong order. */
function checkSortKey(args: Args): void {
  if (args.sortKey !== undefined && args.sortKey !== null && args.sortKey !== 'ID') throw new Error(`the emulator sorts by ID only (got ${String(args.sortKey)})`);
}

/**
 * Shopify search syntax, the part the connector uses: `email:"a" OR email:"b"` (case-insensitive match).
 * Any other term is refused, so a query the emulator cannot honour never answers everything.
 */
export function emailSearch(query: string): Set<string> {
  const emails = new Set<string>();
  const term = /^\s*email:(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*(?:OR\s+|$)/;
  let rest = query;
  while (rest.trim() !== '') {
    const match = term.exec(rest);
    if (!match) throw new Error(`the emulator searches orders by email only (got "${query}")`);
    emails.add((match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1').toLowerCase());
    rest = rest.slice(match[0].length);
  }
  return emails;
}

/** The root value: QueryRoot and Mutation fields over the store. */
export function rootValue(store: ShopifyStore, idempotent: (key: string | undefined, run: () => unknown) => unknown) {
  const views = new ShopifyViews(store);
  const byId = <T extends { id: number }>(map: Map<number, T>) => [...map.values()].sort((a, b) => a.id - b.id);
  return {
    shop: () => views.shop(),
    products: (args: Args) => {
      checkSortKey(args);
      return connection(byId(store.products), pageArgs(args), (p) => views.product(p));
    },
    customers: (args: Args) => {
      checkSortKey(args);
      return connection(byId(store.customers), pageArgs(args), (c) => views.customer(c));
    },
    orders: (args: Args) => {
      checkSortKey(args);
      const emails = typeof args.query === 'string' && args.query.trim() !== '' ? emailSearch(args.query) : undefined;
      const matches = (o: StoredOrder) => emails === undefined || (o.email !== null && emails.has(o.email.toLowerCase()));
      return connection(byId(store.orders).filter(matches), pageArgs(args), (o) => views.order(o));
    },
    inventoryItem: (args: Args) => {
      const item = parseGid(args.id, 'InventoryItem');
      const variant = item ? store.variantByInventoryItem(item.id) : undefined;
      return variant ? views.inventoryItem(variant) : null;
    },
    nodes: (args: Args) => {
      const ids = Array.isArray(args.ids) ? args.ids : [];
      if (ids.length > 250) throw new Error('The ids argument accepts at most 250 ids');
      return ids.map((value) => {
        const parsed = parseGid(value);
        if (!parsed) return null;
        if (parsed.type === 'Product') return maybe(store.products.get(parsed.id), (p) => views.product(p));
        if (parsed.type === 'ProductVariant') return maybe(store.variants.get(parsed.id), (v) => views.variant(v));
        if (parsed.type === 'Order') return maybe(store.orders.get(parsed.id), (o) => views.order(o));
        if (parsed.type === 'Customer') return maybe(store.customers.get(parsed.id), (c) => views.customer(c));
        return null;
      });
    },
    orderCreate: (args: Args, _context: unknown, info: GraphQLResolveInfo) => idempotent(keyOf(info), () => createOrder(store, views, args)),
    inventorySetQuantities: (args: Args, _context: unknown, info: GraphQLResolveInfo) => idempotent(keyOf(info), () => setQuantities(store, args)),
  };
}

function maybe<T, V>(value: T | undefined, view: (value: T) => V): V | null {
  return value === undefined ? null : view(value);
}

/** The `@idempotent(key:)` on the mutation field, by literal or variable. */
function keyOf(info: GraphQLResolveInfo): string | undefined {
  const directive = info.schema.getDirective('idempotent');
  const node = info.fieldNodes[0];
  if (!directive || !node) return undefined;
  const values = getDirectiveValues(directive, node, info.variableValues);
  return typeof values?.key === 'string' ? values.key : undefined;
}
