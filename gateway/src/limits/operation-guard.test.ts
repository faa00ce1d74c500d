import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationGuard, withTokenLimitCode } from './operation-guard.js';
import type { OperationLimits } from './operation-limits.js';

const schema = buildSchema(`
  directive @tag(name: String) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
  type Query { contacts(first: Int! = 20): ContactConnection! contact(id: ID!): Contact ping: Boolean }
  type ContactConnection { nodes: [Contact!]! }
  type Contact { email: String company: Company deals: [Deal!]! }
  type Company { name: String }
  type Deal { title: String contact: Contact }
`);

const limits: OperationLimits = { maxDepth: 4, maxAliases: 3, maxRootFields: 3, maxDirectives: 3, maxTokens: 60, maxCost: 100, listSize: 10, planningBudgetMs: 1000 };
const guard = createOperationGuard(limits);

function check(source: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = guard.parse(source);
  expect(validate(schema, document, specifiedRules)).toEqual([]);
  return guard.check(schema, document, operationName, variables).map((e) => ({ code: e.extensions.code, message: e.message }));
}

describe('createOperationGuard().check', () => {
  it('keeps a parsed document and its shape verdict, but costs the variables of every call', () => {
    const own = createOperationGuard(limits);
    const source = 'query($n: Int!) { contact(id: 1) { deals { contact { company { name } } } } contacts(first: $n) { nodes { email } } }';
    const document = own.parse(source);
    expect(own.parse(source)).toBe(document);
    const codes = (n: number) => own.check(schema, document, undefined, { n }).map((e) => e.extensions.code);
    expect(codes(2)).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(2)).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(500)).toEqual(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']);
    // A refused parse is not kept: it is refused again.
    expect(() => own.parse('{ ping')).toThrow(GraphQLError);
    expect(() => own.parse('{ ping')).toThrow(GraphQLError);
  });

  it('passes an operation within every limit', () => {
    expect(check('{ contacts(first: 2) { nodes { email company { name } } } ping }')).toEqual([]);
  });

  it('refuses depth past the limit, counting leaves and not fragments', () => {
    expect(check('{ contacts(first: 1) { nodes { company { name } } } }')).toEqual([]);
    expect(check('{ contact(id: 1) { deals { contact { company { name } } } } }')).toEqual([
      { code: 'QUERY_TOO_DEEP', message: 'Query depth limit of 4 exceeded, found 5.' },
    ]);
    expect(check('{ contact(id: 1) { ...A } } fragment A on Contact { ... on Contact { deals { contact { email } } } }')).toEqual([]);
  });

  it('counts aliases through every spread of a fragment, __typename included', () => {
    expect(check('{ a: ping b: ping c: ping }')).toEqual([]);
    expect(check('{ contact(id: 1) { ...A ... on Contact { ...A } } } fragment A on Contact { x: email y: __typename }')).toEqual([
      { code: 'TOO_MANY_ALIASES', message: 'Aliases limit of 3 exceeded, found 4.' },
    ]);
  });

  it('counts root fields through fragments', () => {
    expect(check('{ ping ...R } fragment R on Query { contact(id: 1) { email } ... on Query { b: ping } }')).toEqual([]);
    expect(check('{ ping ...R ...R } fragment R on Query { contact(id: 1) { email } }')).toEqual([]);
    expect(check('{ ping ...R ...R ...R } fragment R on Query { contact(id: 1) { email } }')).toEqual([
      { code: 'TOO_MANY_ROOT_FIELDS', message: 'Root fields limit of 3 exceeded, found 4.' },
    ]);
  });

  it('counts directives through fragments', () => {
    expect(check('{ contact(id: 1) { ...A @tag } } fragment A on Contact { email @tag company @tag { name } }')).toEqual([]);
    expect(check('{ contact(id: 1) { ...A @tag ... on Contact @tag { ...A } } } fragment A on Contact { email @tag }')).toEqual([
      { code: 'TOO_MANY_DIRECTIVES', message: 'Directives limit of 3 exceeded, found 4.' },
    ]);
  });

  it('refuses an estimated cost past the limit, with list sizes from variables', () => {
    const source = 'query ($n: Int!) { contacts(first: $n) { nodes { email } } }';
    expect(check(source, { n: 49 })).toEqual([]);
    expect(check(source, { n: 50 })).toEqual([{ code: 'QUERY_TOO_COSTLY', message: 'Cost limit of 100 exceeded, found 101.' }]);
  });

  it('costs only the operation the request names', () => {
    const source = 'query Small { ping } query Big { contacts(first: 99) { nodes { email } } }';
    expect(check(source, {}, 'Small')).toEqual([]);
    expect(check(source, {}, 'Big').map((e) => e.code)).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('reports every limit an operation exceeds at once', () => {
    const source = '{ a: contacts(first: 90) { nodes { deals { contact { email } } } } b: ping c: ping d: ping }';
    expect(check(source).map((e) => e.code)).toEqual(['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS', 'QUERY_TOO_COSTLY']);
  });

  it('measures a fragment bomb without expanding it', () => {
    const wide = createOperationGuard({ ...limits, maxTokens: 100_000 });
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i + 1 < levels ? `fragment F${i} on Contact { ...F${i + 1} @tag ... on Contact { ...F${i + 1} } }` : `fragment F${i} on Contact { x: email }`,
    );
    const document = wide.parse(`{ contact(id: 1) { ...F0 } } ${fragments.join(' ')}`);
    expect(wide.check(schema, document, undefined, {}).map((e) => e.extensions.code)).toEqual(['TOO_MANY_ALIASES', 'TOO_MANY_DIRECTIVES', 'QUERY_TOO_COSTLY']);
  });
});

describe('createOperationGuard().parse', () => {
  it('refuses a document past the token limit with TOO_MANY_TOKENS', () => {
    expect(guard.parse(`{ ${'ping '.repeat(58)}}`).kind).toBe('Document');
    const refused = (() => {
      try {
        guard.parse(`{ ${'ping '.repeat(59)}}`);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(GraphQLError);
    expect(refused).toMatchObject({ message: 'Token limit of 60 exceeded.', extensions: { code: 'TOO_MANY_TOKENS', limit: 60 } });
  });

  it('passes other syntax errors through', () => {
    expect(() => guard.parse('{ ping')).toThrow(/Syntax Error: Expected Name, found <EOF>/);
  });
});

describe('withTokenLimitCode', () => {
  it("gives Apollo Server's token-limit parse error the TOO_MANY_TOKENS code", () => {
    let message = '';
    try {
      parse(`{ ${'ping '.repeat(70)}}`, { maxTokens: 60 });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(withTokenLimitCode({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, 60)).toEqual({
      message: 'Token limit of 60 exceeded.',
      extensions: { code: 'TOO_MANY_TOKENS', limit: 60 },
    });
  });

  it('leaves every other error as it is', () => {
    const syntax = { message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(withTokenLimitCode(syntax, 60)).toBe(syntax);
    const other = { message: 'Syntax Error: Document contains more that 5 tokens. Parsing aborted.', extensions: { code: 'BAD_USER_INPUT' } };
    expect(withTokenLimitCode(other, 60)).toBe(other);
  });
});
