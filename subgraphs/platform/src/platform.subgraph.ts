import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { platformResolvers } from './platform.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const platformSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildPlatformSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(platformSchemaPath, platformResolvers);
}
