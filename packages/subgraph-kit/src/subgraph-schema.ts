import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';

/**
 * Builds a subgraph's executable schema from its `schema.graphql` (the same file supergraph.yaml
 * composes) and its resolvers. Codegen's `Resolvers` types are stricter than Apollo's resolver map but
 * have the same run-time shape, hence the one widening here rather than in every subgraph.
 */
export function buildSubgraphSchemaFromFile(schemaPath: string, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(readFileSync(schemaPath, 'utf8')), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
