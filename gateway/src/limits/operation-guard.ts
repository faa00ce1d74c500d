import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { limitRules } from './limit-rules.js';
import { BoundedMap } from './plan-cache.js';
import { estimateOperationCost } from './operation-cost.js';
import { LIMIT_CODES, limitError, type OperationLimits } from './operation-limits.js';

/**
 * Applies the operation limits before planning, the same way for every entry point: Apollo Server over
 * HTTP (and the subscription hub's per-event queries), and the graphql-ws bridge, which skips HTTP.
 */
export interface OperationGuard {
  readonly limits: OperationLimits;
  /** Parses with the token limit. @throws GraphQLError: the syntax error, or TOO_MANY_TOKENS. */
  parse(query: string): DocumentNode;
  /**
   * Every limit the operation exceeds (depth, aliases, root fields, directives, cost), each as its own
   * error; empty when it is within all. Run it on a document that passed standard validation.
   */
  check(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | undefined): GraphQLError[];
}

/** Parsed documents kept by their text: a client repeats the same few operations. */
const PARSED_DOCUMENTS = 1000;
/**
 * Only documents up to this length are kept: a body may be 1 MB (one long string literal is one token), and
 * 1,000 of those kept would hold a gigabyte. Real operations are far shorter.
 */
const CACHED_DOCUMENT_CHARS = 16 * 1024;

/**
 * Builds the guard for `limits`. Both halves are memoized, since clients repeat the same operations (and
 * the subscription hub the same per-event queries): parsed documents by their text (bounded; refusals are
 * not kept), and the shape limits' verdict per schema and document (weakly: Apollo Server's document store
 * hands back the same document for a repeated operation). The cost depends on the variables, so it is
 * estimated every time.
 */
export function createOperationGuard(limits: OperationLimits): OperationGuard {
  const rules = limitRules(limits);
  const documents = new BoundedMap<DocumentNode>(PARSED_DOCUMENTS);
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();
  const shapeErrors = (schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] => {
    let bySchema = verdicts.get(schema);
    if (!bySchema) verdicts.set(schema, (bySchema = new WeakMap()));
    let errors = bySchema.get(document);
    if (!errors) bySchema.set(document, (errors = validate(schema, document, rules)));
    return errors;
  };
  return {
    limits,
    parse(query) {
      const known = documents.get(query);
      if (known) return known;
      try {
        const document = parse(query, { maxTokens: limits.maxTokens });
        if (query.length <= CACHED_DOCUMENT_CHARS) documents.set(query, document);
        return document;
      } catch (error) {
        const tooLong = error instanceof GraphQLError ? tokenLimitErrorOf(error.message, limits.maxTokens) : undefined;
        throw tooLong ?? error;
      }
    },
    check(schema, document, operationName, variables) {
      const errors = [...shapeErrors(schema, document)];
      const operation = getOperationAST(document, operationName);
      if (operation) {
        const cost = estimateOperationCost({ schema, document, operation, variables: variables ?? {}, listSize: limits.listSize });
        if (cost > limits.maxCost) {
          const found = Number.isFinite(cost) ? String(Math.round(cost)) : 'more than can be counted';
          errors.push(limitError(LIMIT_CODES.cost, `Cost limit of ${limits.maxCost} exceeded, found ${found}.`, limits.maxCost));
        }
      }
      return errors;
    },
  };
}

/**
 * Apollo Server parses with graphql-js's own `maxTokens` and reports a document past it as a plain
 * GRAPHQL_PARSE_FAILED; this gives that error the TOO_MANY_TOKENS code and the message the WebSocket path
 * sends, so both sides answer alike. Any other error is returned as it is.
 */
export function withTokenLimitCode(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return formatted;
  const tooLong = tokenLimitErrorOf(formatted.message, maxTokens);
  return tooLong ? { ...tooLong.toJSON(), extensions: { ...formatted.extensions, ...tooLong.extensions } } : formatted;
}

// graphql-js 16 words it "Document contains more that 2000 tokens" (sic); the test pins the installed wording.
function tokenLimitErrorOf(message: string, maxTokens: number): GraphQLError | undefined {
  if (!/^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/.test(message)) return undefined;
  return limitError(LIMIT_CODES.tokens, `Token limit of ${maxTokens} exceeded.`, maxTokens);
}
