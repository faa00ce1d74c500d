import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type GraphQLSchema } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { crmResolvers } from './crm.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const crmSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildCrmSchema(): GraphQLSchema {
  const typeDefs = parse(readFileSync(crmSchemaPath, 'utf8'));
  // The generated Resolvers type is stricter than Apollo's map; the shapes are the same at run time.
  return buildSubgraphSchema({ typeDefs, resolvers: crmResolvers as GraphQLResolverMap<unknown> });
}
