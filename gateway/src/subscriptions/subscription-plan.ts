import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  print,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** How one Subscription field is served (from the platform subgraph, wired by the composition root). */
export interface SubscriptionRoute {
  readonly field: string;
  /** Query field taking `cursor: String!` that resolves one event's payload. */
  readonly queryField: string;
  /** Event types the field carries; null = every type, narrowed by a `types` argument. */
  readonly eventTypes: readonly string[] | null;
  /** Field arguments that select events by a payload value: argument name -> payload key (`runId`). */
  readonly payloadFilters?: Readonly<Record<string, string>>;
}

/** A subscription turned into the query the gateway runs for each event. */
export interface SubscriptionPlan {
  /** The response key the client expects (alias or field name). */
  readonly responseKey: string;
  /** The query, printed: the client's selection under the route's query field, aliased to responseKey. */
  readonly query: string;
  /** The client's variables the query still uses; `__cursor` is added per event. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Resume right after this cursor, or from now when null. */
  readonly after: string | null;
  /** Event types to deliver; null = all. */
  readonly eventTypes: readonly string[] | null;
  /** Deliver only events whose payload has these values (payload key -> value). */
  readonly payloadFilter?: Readonly<Record<string, string>>;
  /** Subscribers of one tenant with the same key share one execution per event. */
  readonly groupKey: string;
}

export const CURSOR_VARIABLE = '__cursor';

/**
 * Plans a validated subscription document. Returns GraphQL errors for what the bridge cannot serve:
 * not a subscription, more than one root field, a field with no route.
 */
export function planSubscription(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>>,
  routes: readonly SubscriptionRoute[],
): SubscriptionPlan | GraphQLError[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return [new GraphQLError(operationName ? `Unknown operation "${operationName}"` : 'Send one operation, or name the one to run')];
  if (operation.operation !== 'subscription') return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST.')];
  const [root, ...rest] = operation.selectionSet.selections;
  if (!root || rest.length > 0 || root.kind !== Kind.FIELD) return [new GraphQLError('A subscription selects exactly one field of Subscription (no fragments at the root).')];
  const route = routes.find((r) => r.field === root.name.value);
  if (!route) return [new GraphQLError(`Subscription.${root.name.value} is not served`)];

  // Variables the client did not send take their declared defaults, as GraphQL execution would.
  const values = withDefaults(operation, variables);
  const after = stringArgument(root, 'after', values);
  const types = stringListArgument(root, 'types', values);
  const responseKey = root.alias?.value ?? root.name.value;
  const queryField: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: route.queryField },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'cursor' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: CURSOR_VARIABLE } } } satisfies ArgumentNode],
  };
  const queryOperation: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    name: { kind: Kind.NAME, value: `${operation.name?.value ?? 'Subscription'}Event` },
    selectionSet: { ...operation.selectionSet, selections: [queryField] },
  };
  const fragments = reachableFragments(queryOperation, document);
  const used = usedVariables([queryOperation, ...fragments]);
  const withVariables: OperationDefinitionNode = {
    ...queryOperation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value)),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: CURSOR_VARIABLE } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } } },
      },
    ],
  };
  const query = print({ kind: Kind.DOCUMENT, definitions: [withVariables, ...fragments] });
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name) && name !== CURSOR_VARIABLE));
  const eventTypes = route.eventTypes ?? (types && types.length > 0 ? types : null);
  const payloadFilter: Record<string, string> = {};
  for (const [argument, key] of Object.entries(route.payloadFilters ?? {})) {
    const value = stringArgument(root, argument, values);
    if (value === null) return [new GraphQLError(`Subscription.${route.field} needs the ${argument} argument`)];
    payloadFilter[key] = value;
  }
  if (Object.keys(payloadFilter).length === 0) return { responseKey, query, variables: kept, after, eventTypes, groupKey: JSON.stringify([query, kept, eventTypes]) };
  return { responseKey, query, variables: kept, after, eventTypes, payloadFilter, groupKey: JSON.stringify([query, kept, eventTypes, payloadFilter]) };
}

/** The fragments the operation spreads, directly or through other fragments (others would fail validation). */
function reachableFragments(operation: OperationDefinitionNode, document: DocumentNode): FragmentDefinitionNode[] {
  const all = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
  );
  const reached = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  while (pending.length > 0) {
    const selectionSet = pending.pop();
    if (!selectionSet) break;
    visit(selectionSet, {
      FragmentSpread(spread) {
        const fragment = all.get(spread.name.value);
        if (fragment && !reached.has(fragment.name.value)) {
          reached.set(fragment.name.value, fragment);
          pending.push(fragment.selectionSet);
        }
      },
    });
  }
  return [...reached.values()];
}

/** The client's variables plus the declared defaults of those it left out. */
function withDefaults(operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!(name in values) && definition.defaultValue) values[name] = literal(definition.defaultValue, {});
  }
  return values;
}

function usedVariables(nodes: readonly (OperationDefinitionNode | FragmentDefinitionNode)[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node.selectionSet, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}

function argumentValue(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name);
  return argument ? literal(argument.value, variables) : undefined;
}

function literal(value: ValueNode, variables: Readonly<Record<string, unknown>>): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variables[value.name.value];
    case Kind.STRING:
      return value.value;
    case Kind.LIST:
      return value.values.map((v) => literal(v, variables));
    case Kind.NULL:
      return null;
    default:
      return undefined;
  }
}

function stringArgument(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): string | null {
  const value = argumentValue(field, name, variables);
  return typeof value === 'string' ? value : null;
}

function stringListArgument(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): string[] | null {
  const value = argumentValue(field, name, variables);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

/** Orders cursors of one tenant stream: Redis ids (`ms-seq`) or zero-padded sequences. */
export function compareCursors(a: string, b: string): number {
  const [aHigh = '0', aLow = '0'] = a.split('-');
  const [bHigh = '0', bLow = '0'] = b.split('-');
  const high = BigInt(aHigh) - BigInt(bHigh);
  if (high !== 0n) return high < 0n ? -1 : 1;
  const low = BigInt(aLow) - BigInt(bLow);
  return low === 0n ? 0 : low < 0n ? -1 : 1;
}
