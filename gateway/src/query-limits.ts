import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** The deepest selection nesting an operation may have (HTTP and WebSocket alike). */
export const MAX_QUERY_DEPTH = 15;

/**
 * A validation rule refusing operations nested deeper than `max` (fragments followed). Cheap protection
 * against queries that fan out through joins without end; applied by Apollo Server for HTTP and by the
 * WebSocket bridge, which skips HTTP middleware.
 */
export function maxDepthRule(max: number = MAX_QUERY_DEPTH): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    // Each fragment's depth is computed once: re-walking a fragment at every spread would let a small
    // document (fragments spreading the next one twice) cost 2^n walks.
    const fragmentDepths = new Map<string, number>();
    const visiting = new Set<string>();
    const fragmentDepth = (name: string): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) return 0; // unknown or cyclic: other rules report those
      visiting.add(name);
      const depth = depthOf(fragment.selectionSet);
      visiting.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };
    const depthOf = (selectionSet: SelectionSetNode | undefined): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet));
        else deepest = Math.max(deepest, fragmentDepth(selection.name.value));
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > max) {
          context.reportError(new GraphQLError(`Operation is nested ${depth} levels deep; the limit is ${max}.`, { nodes: [operation], extensions: { code: 'QUERY_TOO_DEEP' } }));
        }
      },
    };
  };
}
