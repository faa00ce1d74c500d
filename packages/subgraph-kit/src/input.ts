/**
 * GraphQL hands absent optional input fields to resolvers as null; domain filters and patches use
 * undefined for "not given". Drops null and undefined entries.
 */
export function compact<T extends object>(input: T | null | undefined): { [K in keyof T]?: NonNullable<T[K]> } | undefined {
  if (!input) return undefined;
  const result: { [K in keyof T]?: NonNullable<T[K]> } = {};
  for (const key of Object.keys(input) as (keyof T)[]) {
    const value = input[key];
    if (value !== null && value !== undefined) result[key] = value;
  }
  return result;
}

/** An id-keyed lookup: null stays null, so optional references resolve to null without a port call. */
export async function whenPresent<T>(id: string | null | undefined, load: (id: string) => Promise<T | null>): Promise<T | null> {
  return id ? load(id) : null;
}
