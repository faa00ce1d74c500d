import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { contentResolvers } from './content.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const contentSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildContentSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(contentSchemaPath, contentResolvers);
}
