import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** What the estimate needs besides the document. */
export interface CostInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  /** The request's variables, uncoerced (the estimate runs before the gateway coerces them). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Size assumed for a list field without `first`/`last`. */
  readonly listSize: number;
}

/**
 * Estimates what an operation costs to plan and run: every field costs 1, and a field's selection is
 * multiplied by its `first`/`last` argument (a literal, a variable's value, or the schema default), or by
 * `listSize` when it returns a list without one. A list directly inside a paged field (a connection's
 * `nodes`/`edges`) is not multiplied again. A fragment counts at every spread, as the planner expands
 * it, but is costed once per context and memoized: estimating a fragment bomb takes linear time.
 * armor's cost-limit reads only literal `first` values, so `first: $n` would slip past it.
 */
export function estimateOperationCost(input: CostInput): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const selectionCost = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined, paged: boolean): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(selection, parentType, paged);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? input.schema.getType(selection.typeCondition.name.value) ?? undefined : parentType;
        total += selectionCost(selection.selectionSet, type, paged);
      } else total += spreadCost(selection.name.value, paged);
    }
    return total;
  };

  const spreadCost = (name: string, paged: boolean): number => {
    const key = `${name}|${paged}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(key)) return 0; // unknown or cyclic: validation refuses those
    visiting.add(key);
    const cost = selectionCost(fragment.selectionSet, input.schema.getType(fragment.typeCondition.name.value) ?? undefined, paged);
    visiting.delete(key);
    memo.set(key, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parentType: GraphQLNamedType | undefined, pagedParent: boolean): number => {
    if (!node.selectionSet) return 1;
    const field = parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields()[node.name.value] : undefined;
    const pageSize = field ? pageSizeOf(node, field, input) : undefined;
    const isList = field !== undefined && isListType(getNullableType(field.type));
    const multiplier = pageSize ?? (isList && !pagedParent ? input.listSize : 1);
    return 1 + multiplier * selectionCost(node.selectionSet, field ? getNamedType(field.type) : undefined, pageSize !== undefined);
  };

  const root = input.schema.getRootType(input.operation.operation) ?? undefined;
  return selectionCost(input.operation.selectionSet, root, false);
}

/**
 * The page size a field asks for: its `first` or `last` argument from the document, the variable it
 * names, or the argument's schema default; `listSize` when none gives a number. At least 1, so `first: 0`
 * cannot make a large selection free (the planner still plans it). Undefined when the field takes
 * neither argument.
 */
function pageSizeOf(node: FieldNode, field: GraphQLField<unknown, unknown>, input: CostInput): number | undefined {
  let size: number | undefined;
  let paged = false;
  for (const name of ['first', 'last']) {
    const definition = field.args.find((arg) => arg.name === name);
    if (!definition) continue;
    paged = true;
    const argument = node.arguments?.find((arg) => arg.name.value === name);
    const value = argument ? argumentValue(argument.value, input.operation, input.variables) : definition.defaultValue;
    // Anything but a number fails variable coercion later, with its own error; the list size stands in.
    if (typeof value === 'number') size = Math.max(size ?? 0, value);
  }
  if (!paged) return undefined;
  return Math.max(1, size ?? input.listSize);
}

function argumentValue(value: ValueNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): unknown {
  if (value.kind !== Kind.VARIABLE) return valueFromASTUntyped(value);
  const name = value.name.value;
  if (name in variables) return variables[name];
  const definition = operation.variableDefinitions?.find((v) => v.variable.name.value === name);
  return definition?.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
}
