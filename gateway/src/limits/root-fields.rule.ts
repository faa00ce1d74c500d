import { Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Counts the top-level fields of each operation (through fragments and inline fragments) and hands the
 * operations over `max` to `reject`. graphql-armor has no rule for this; each root field is at least one
 * subgraph fetch, so their number bounds the fan-out of one request. Each fragment is counted once and
 * memoized, so spreading fragments many times costs no more than reading the document.
 */
export function maxRootFieldsRule(
  max: number,
  reject: (context: ValidationContext, found: number) => void,
): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const memo = new Map<string, number>();
    const visiting = new Set<string>();
    const countFields = (selectionSet: SelectionSetNode): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) count += 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += countFields(selection.selectionSet);
        else count += fragmentFields(selection.name.value);
      }
      return count;
    };
    const fragmentFields = (name: string): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      if (!fragment || visiting.has(name)) return 0; // unknown or cyclic: the standard rules report those
      visiting.add(name);
      const count = countFields(fragment.selectionSet);
      visiting.delete(name);
      memo.set(name, count);
      return count;
    };
    return {
      OperationDefinition(operation) {
        const found = countFields(operation.selectionSet);
        if (found > max) reject(context, found);
      },
    };
  };
}
