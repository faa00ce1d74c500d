import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { LIMIT_CODES, limitError, type LimitCode, type OperationLimits } from './operation-limits.js';
import { maxRootFieldsRule } from './root-fields.rule.js';

/**
 * The document-shape limits as validation rules: depth, aliases and directives from graphql-armor (each
 * follows fragments once, memoized, so a document of fragments spreading fragments is measured in linear
 * time), root fields from our own rule. Each violation is reported with its own code instead of armor's
 * thrown "Syntax Error", so one pass reports every limit an operation exceeds.
 */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.maxDepth,
      // Fragments and inline fragments add no level: depth is what the response nests.
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.depth, limits.maxDepth)],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      // Armor lets `__typename` be aliased without limit; 1,000 of them still cost 1,000 response keys.
      allowList: [],
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.aliases, limits.maxAliases)],
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.directives, limits.maxDirectives)],
    }),
    maxRootFieldsRule(limits.maxRootFields, (context, found) =>
      context.reportError(limitError(LIMIT_CODES.rootFields, `Root fields limit of ${limits.maxRootFields} exceeded, found ${found}.`, limits.maxRootFields)),
    ),
  ];
}

/** Armor's rejection ("Syntax Error: Aliases limit of 15 exceeded, found 16.") re-reported with our code. */
function reportAs(code: LimitCode, limit: number): (context: ValidationContext | null, error: GraphQLError) => void {
  return (context, error) => {
    context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, ''), limit));
  };
}
