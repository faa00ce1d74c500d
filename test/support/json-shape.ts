/**
 * The shape of a JSON value: the same keys and leaf types, values ignored (`null` counts as a type). An
 * array's shape is its first element's, so tests comparing providers compare non-empty answers.
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return value === null ? 'null' : typeof value;
}
