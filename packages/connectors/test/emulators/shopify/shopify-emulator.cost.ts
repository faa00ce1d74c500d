import { getNamedType, isCompositeType, isObjectType, isInterfaceType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * Shopify's requested query cost, the documented way in outline: an object costs 1, a connection 2 plus
 * `first` times its node's cost (`edges` and `pageInfo` free), a scalar or enum 0, a mutation 10 on top.
 * https://shopify.dev/docs/api/usage/limits#cost-calculation
 */
export function requestedCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const valueOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  };
  const costOf = (selectionSet: SelectionSetNode | undefined, type: GraphQLCompositeType): number => {
    if (!selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        const condition = fragment?.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (fragment && condition && isCompositeType(condition)) total += costOf(fragment.selectionSet, condition);
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const args = new Map(selection.arguments?.map((a) => [a.name.value, valueOf(a.value)]));
      const inner = costOf(selection.selectionSet, named);
      // Inside a connection, `edges` and `pageInfo` are free: the nodes they carry are what costs.
      if (type.name.endsWith('Connection') && (selection.name.value === 'edges' || selection.name.value === 'pageInfo')) {
        total += selection.name.value === 'edges' ? inner : 0;
      } else if (named.name.endsWith('Connection')) {
        const first = args.get('first');
        total += 2 + (typeof first === 'number' ? first : 1) * inner;
      } else if (selection.name.value === 'nodes' && Array.isArray(args.get('ids'))) {
        const ids = args.get('ids');
        total += (Array.isArray(ids) ? ids.length : 1) * (1 + inner);
      } else {
        total += 1 + inner;
      }
    }
    return total;
  };
  let cost = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = definition.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (root) cost += costOf(definition.selectionSet, root) + (definition.operation === 'mutation' ? 10 : 0);
  }
  return Math.max(1, cost);
}

/** Shopify's leaky bucket of cost points per app and shop. */
export class CostBucket {
  private available: number;
  private at: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.at = now();
  }

  /** Takes `cost` points, or answers false (THROTTLED) and takes nothing. */
  take(cost: number): boolean {
    this.restore();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points charged up front and not used. */
  refund(points: number): void {
    this.restore();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties the bucket (tests: the next query is throttled until points are restored). */
  drain(): void {
    this.restore();
    this.available = 0;
  }

  status() {
    this.restore();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  private restore(): void {
    const t = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((t - this.at) / 1000) * this.restoreRate);
    this.at = t;
  }
}

/**
 * The actual cost of an answer, in the same outline: each object returned costs 1, a connection 2, and
 * edge wrappers and `pageInfo` nothing. Shopify charges the requested cost up front and refunds the
 * difference, so a page that comes back short costs what it returned.
 */
export function actualCost(data: unknown, mutation: boolean): number {
  const walk = (value: unknown): number => {
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + walk(item), 0);
    if (typeof value !== 'object' || value === null) return 0;
    const entries = Object.entries(value);
    const isConnection = 'pageInfo' in value;
    const isEdge = 'cursor' in value && 'node' in value;
    const own = isConnection ? 2 : isEdge ? 0 : 1;
    return own + entries.reduce((sum, [key, inner]) => sum + (key === 'pageInfo' ? 0 : walk(inner)), 0);
  };
  // The root object itself is free.
  return Math.max(1, walk(data) - 1 + (mutation ? 10 : 0));
}
