import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import {
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  valueFromAST,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';

/**
 * Builds a subgraph's executable schema from its `schema.graphql` (the same file supergraph.yaml
 * composes) and its resolvers. Codegen's `Resolvers` types are stricter than Apollo's resolver map but
 * have the same run-time shape, hence the one widening here rather than in every subgraph.
 */
export function buildSubgraphSchemaFromFile(schemaPath: string, resolvers: object): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: parse(readFileSync(schemaPath, 'utf8')), resolvers: resolvers as GraphQLResolverMap<unknown> });
  recoerceDefaultValues(schema);
  return schema;
}

/**
 * graphql-js coerces SDL default values while building the schema, before the enum resolvers
 * (`MessageChannel: { SMS: 'sms' }`) give enum values their internal values; left alone, an omitted
 * `channel: MessageChannel! = SMS` reaches the resolver as 'SMS'. Coerce every default again from its SDL.
 */
function recoerceDefaultValues(schema: GraphQLSchema): void {
  const recoerce = (slot: GraphQLArgument | GraphQLInputField) => {
    const literal = slot.astNode?.defaultValue;
    if (!literal) return;
    const value = valueFromAST(literal, slot.type);
    if (value === undefined) throw new Error(`schema default of ${slot.name} is not a valid ${String(slot.type)}`);
    // The default is read at execution time from this (otherwise immutable) object.
    (slot as { defaultValue: unknown }).defaultValue = value;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach(recoerce);
    if (isObjectType(type) || isInterfaceType(type)) for (const field of Object.values(type.getFields())) field.args.forEach(recoerce);
  }
  for (const directive of schema.getDirectives()) directive.args.forEach(recoerce);
}
