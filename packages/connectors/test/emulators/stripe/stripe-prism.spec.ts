/** Transformations of Stripe's OpenAPI document before Prism serves it (test data only, no behaviour). */

export type Json = { [key: string]: unknown };
export const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (isJson(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.add(inner);
      else collectRefs(inner, into);
    }
  }
}

/**
 * The document with only `paths` and the components they reach (transitively through `$ref`), unchanged
 * otherwise: the same validation of those paths, a fraction of the load time.
 */
export function sliceSpec(spec: Json, paths: readonly string[]): Json {
  const allPaths = isJson(spec['paths']) ? spec['paths'] : {};
  const kept: Json = {};
  for (const path of paths) {
    if (!(path in allPaths)) throw new Error(`the Stripe spec has no path ${path}`);
    kept[path] = allPaths[path];
  }
  const components = isJson(spec['components']) ? spec['components'] : {};
  const reached = new Set<string>();
  const pending = new Set<string>();
  collectRefs(kept, pending);
  const slicedComponents: Json = {};
  while (pending.size > 0) {
    const [ref] = pending;
    if (ref === undefined) break;
    pending.delete(ref);
    if (reached.has(ref)) continue;
    reached.add(ref);
    const [, , section, name] = ref.split('/');
    const group = section === undefined ? undefined : components[section];
    const target = isJson(group) && name !== undefined ? group[name] : undefined;
    if (section === undefined || name === undefined || target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    const out = isJson(slicedComponents[section]) ? slicedComponents[section] : {};
    out[name] = target;
    slicedComponents[section] = out;
    collectRefs(target, pending);
  }
  return { ...spec, paths: kept, components: { ...components, ...slicedComponents, schemas: isJson(slicedComponents['schemas']) ? slicedComponents['schemas'] : {} } };
}

/**
 * Prism 5.14 validates an absent optional deepObject query parameter as `{}`, so one whose schema has
 * `required` members (`automatic_tax[enabled]` on `GET /v1/subscriptions`) fails every request that does
 * not send it, although Stripe does not require it. The spec slice already drops nested `required` in
 * form bodies for the same reason; this drops it in optional deepObject query parameters. Nothing a
 * request actually sends is validated less.
 */
export function relaxOptionalDeepObjects(spec: Json): number {
  let relaxed = 0;
  const paths = isJson(spec['paths']) ? spec['paths'] : {};
  for (const operations of Object.values(paths)) {
    if (!isJson(operations)) continue;
    for (const operation of Object.values(operations)) {
      const parameters = isJson(operation) && Array.isArray(operation['parameters']) ? operation['parameters'] : [];
      for (const parameter of parameters) {
        if (!isJson(parameter) || parameter['in'] !== 'query' || parameter['style'] !== 'deepObject' || parameter['required'] === true) continue;
        const schema = parameter['schema'];
        if (isJson(schema) && Array.isArray(schema['required'])) {
          delete schema['required'];
          relaxed += 1;
        }
      }
    }
  }
  return relaxed;
}
