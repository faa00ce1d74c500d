import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateOperationCost } from './operation-cost.js';

const schema = buildSchema(`
  type Query {
    contacts(first: Int! = 20, after: String): ContactConnection!
    search(first: Int): [Contact!]!
    contact(id: ID!): Contact
    tags: [String!]!
  }
  type ContactConnection { nodes: [Contact!]! totalCount: Int! }
  type Contact { email: String deals: [Deal!]! company: Company }
  type Deal { title: String contact: Contact }
  type Company { name: String }
  type Subscription { contactChanged: Contact }
`);

function cost(source: string, variables: Record<string, unknown> = {}, listSize = 10): number {
  const document = parse(source);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return estimateOperationCost({ schema, document, operation, variables, listSize });
}

describe('estimateOperationCost', () => {
  it('costs each field 1 and leaves lists of scalars unmultiplied', () => {
    expect(cost('{ contact(id: 1) { email } }')).toBe(2);
    expect(cost('{ tags contact(id: 1) { email company { name } } }')).toBe(1 + 1 + 1 + (1 + 1));
  });

  it('multiplies a selection by first, and not again for the connection nodes inside it', () => {
    expect(cost('{ contacts(first: 5) { totalCount nodes { email } } }')).toBe(1 + 5 * (1 + (1 + 1)));
  });

  it('takes first from a variable, the variable default, or the schema default', () => {
    const source = 'query ($n: Int! = 7) { contacts(first: $n) { nodes { email } } }';
    expect(cost(source, { n: 100 })).toBe(1 + 100 * 2);
    expect(cost(source)).toBe(1 + 7 * 2);
    expect(cost('{ contacts { nodes { email } } }')).toBe(1 + 20 * 2);
  });

  it('assumes the list size for lists without first, and for a first that is not a number', () => {
    expect(cost('{ contact(id: 1) { deals { title } } }', {}, 10)).toBe(1 + (1 + 10 * 1));
    expect(cost('{ contact(id: 1) { deals { title } } }', {}, 3)).toBe(1 + (1 + 3 * 1));
    expect(cost('{ search { email } }', {}, 4)).toBe(1 + 4);
    expect(cost('query ($n: Int) { search(first: $n) { email } }', { n: '50' }, 4)).toBe(1 + 4);
  });

  it('multiplies nested lists', () => {
    const source = '{ contacts(first: 10) { nodes { deals { contact { deals { title } } } } } }';
    const innerDeals = 1 + 10 * 1;
    const contact = 1 + innerDeals;
    const deals = 1 + 10 * contact;
    expect(cost(source)).toBe(1 + 10 * (1 + deals));
  });

  it('counts first: 0 as one item, so a large selection is never free', () => {
    expect(cost('{ contacts(first: 0) { nodes { email company { name } } } }')).toBe(1 + 1 * (1 + 1 + 2));
  });

  it('counts a fragment at every spread and follows inline fragments and type conditions', () => {
    const source = `{ contact(id: 1) { ...C ... on Contact { ...C } } }
      fragment C on Contact { email deals { title } }`;
    expect(cost(source)).toBe(1 + 2 * (1 + 11));
  });

  it('costs the subscription root too', () => {
    expect(cost('subscription { contactChanged { deals { title } } }')).toBe(1 + (1 + 10));
  });

  // Each fragment spreads the next twice: 2^40 expanded fields. Exponential costing would never return.
  it('costs a fragment bomb exactly, in linear time', () => {
    const levels = 41;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i + 1 < levels ? `fragment F${i} on Contact { ...F${i + 1} ... on Contact { ...F${i + 1} } }` : `fragment F${i} on Contact { email }`,
    );
    expect(cost(`{ contact(id: 1) { ...F0 } } ${fragments.join(' ')}`)).toBe(1 + 2 ** 40);
  });

  it('stops at a fragment cycle instead of looping', () => {
    const source = '{ contact(id: 1) { ...A } } fragment A on Contact { company { name } ...B } fragment B on Contact { email ...A }';
    expect(cost(source)).toBe(1 + (2 + 1));
  });
});
