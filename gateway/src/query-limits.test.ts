import { buildSchema, NoFragmentCyclesRule, parse, specifiedRules, validate, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_DEPTH, maxDepthRule } from './query-limits.js';

const schema = buildSchema(`
  type Node { child: Node leaf: Int }
  type Query { node: Node }
`);

/** `depth` nested object fields: node { child { ... { leaf } } }. */
function chain(depth: number): string {
  let selection = 'leaf';
  for (let i = 1; i < depth; i++) selection = `child { ${selection} }`;
  return `node { ${selection} }`;
}

function check(source: string, rules = [...specifiedRules, maxDepthRule()]) {
  return validate(schema, parse(source), rules);
}

const withoutCycleRule = [...specifiedRules.filter((rule) => rule !== NoFragmentCyclesRule), maxDepthRule()];

describe('maxDepthRule', () => {
  it('lets a query 15 deep through and refuses one 16 deep with QUERY_TOO_DEEP', () => {
    expect(MAX_QUERY_DEPTH).toBe(15);
    expect(check(`{ ${chain(15)} }`)).toEqual([]);
    const errors = check(`{ ${chain(16)} }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toEqual({ code: 'QUERY_TOO_DEEP' });
    expect(errors[0]?.message).toBe('Operation is nested 16 levels deep; the limit is 15.');
  });

  it('measures the deepest branch, not the first or the widest', () => {
    expect(check(`{ a: ${chain(2)} b: ${chain(16)} c: ${chain(3)} }`)).toHaveLength(1);
    const wide = Array.from({ length: 40 }, (_, i) => `f${i}: ${chain(3)}`).join(' ');
    expect(check(`{ ${wide} }`)).toEqual([]);
  });

  it('counts depth through fragments', () => {
    const fragment = (depth: number) => `{ node { ...Deep } } fragment Deep on Node { ${chain(depth).replace(/^node/, 'child')} }`;
    // node + the fragment's chain.
    expect(check(fragment(14))).toEqual([]);
    expect(check(fragment(15)).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('counts depth through fragments spread inside fragments and inline fragments', () => {
    const source = (depth: number) => `
      { node { ... on Node { ...A } } }
      fragment A on Node { child { ... on Node { ...B } } }
      fragment B on Node { ${chain(depth).replace(/^node/, 'child')} }`;
    // node + A's child + B's chain; inline fragments add no level.
    expect(check(source(13))).toEqual([]);
    expect(check(source(14)).map((e) => e.message)).toEqual(['Operation is nested 16 levels deep; the limit is 15.']);
  });

  it('judges each operation of a document by itself', () => {
    const errors = check(`query Shallow { ${chain(3)} } query Deep { ${chain(17)} }`);
    expect(errors.map((e) => e.message)).toEqual(['Operation is nested 17 levels deep; the limit is 15.']);
  });

  it('takes another limit', () => {
    expect(check(`{ ${chain(2)} }`, [maxDepthRule(2)])).toEqual([]);
    expect(check(`{ ${chain(3)} }`, [maxDepthRule(2)])).toHaveLength(1);
  });

  it('stops at a fragment cycle instead of looping, counting each fragment once per path', () => {
    const cycle = '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }';
    // The cycle rule refuses it; without that rule the depth rule must still return.
    expect(check(cycle).map((e) => e.message)).toEqual(['Cannot spread fragment "A" within itself via "B".']);
    expect(check(cycle, withoutCycleRule)).toEqual([]);
    // node + A + B = 3 levels before the cycle closes.
    expect(check(cycle, [maxDepthRule(3)])).toEqual([]);
    expect(check(cycle, [maxDepthRule(2)]).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('stops at a fragment spreading itself, and still reports depth reached before the cycle', () => {
    const self = `{ node { ...Self } } fragment Self on Node { ${chain(16).replace(/^node/, 'child')} child { ...Self } }`;
    expect(check(self, withoutCycleRule).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  // Each fragment is measured once: fragments that spread the next one twice must not cost 2^n walks.
  it('walks each fragment a bounded number of times, however often it is spread', () => {
    const n = 16;
    const fragments = Array.from({ length: n }, (_, i) =>
      i + 1 < n ? `fragment F${i} on Node { ...F${i + 1} ... on Node { ...F${i + 1} } }` : `fragment F${i} on Node { leaf }`,
    );
    const document = parse(`{ node { ...F0 } } ${fragments.join(' ')}`);
    expect(validate(schema, document)).toEqual([]);
    const { document: counted, reads } = countingSelectionReads(document, `F${n - 1}`);
    expect(validate(schema, counted, [maxDepthRule()])).toEqual([]);
    // Once by the validation visitor, once (or a few times) by the rule; not 2^15.
    expect(reads()).toBeLessThanOrEqual(n);
  });
});

/** A copy of `document` whose fragment `name` counts how often its selections are read. */
function countingSelectionReads(document: DocumentNode, name: string): { document: DocumentNode; reads: () => number } {
  let reads = 0;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== 'FragmentDefinition' || definition.name.value !== name) return definition;
    const { selections, ...rest } = definition.selectionSet;
    const selectionSet = Object.defineProperty({ ...rest }, 'selections', {
      enumerable: true,
      get: () => {
        reads++;
        return selections;
      },
    }) as SelectionSetNode;
    const counted: FragmentDefinitionNode = { ...definition, selectionSet };
    return counted;
  });
  return { document: { ...document, definitions }, reads: () => reads };
}
