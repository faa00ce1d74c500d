import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { commerceResolvers } from './commerce.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const commerceSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildCommerceSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(commerceSchemaPath, commerceResolvers);
}
